/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM pageable

#if !defined(_TRACE_PAGEABLE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_PAGEABLE_H

#include <linux/tracepoint.h>

TRACE_EVENT(pageable_create,
	    TP_PROTO(unsigned long id, u64 size, unsigned int flags),
	    TP_ARGS(id, size, flags),
	    TP_STRUCT__entry(__field(unsigned long, id)
			     __field(u64, size)
			     __field(unsigned int, flags)
			     ),
	    TP_fast_assign(__entry->id = id;
			   __entry->size = size;
			   __entry->flags = flags;
			   ),
	    TP_printk("id=%lu size=%llu flags=%#x",
		      __entry->id, __entry->size, __entry->flags)
);

TRACE_EVENT(pageable_pin,
	    TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
		     int ret),
	    TP_ARGS(id, first, nr, ret),
	    TP_STRUCT__entry(__field(unsigned long, id)
			     __field(unsigned long, first)
			     __field(unsigned long, nr)
			     __field(int, ret)
			     ),
	    TP_fast_assign(__entry->id = id;
			   __entry->first = first;
			   __entry->nr = nr;
			   __entry->ret = ret;
			   ),
	    TP_printk("id=%lu first=%lu nr=%lu ret=%d",
		      __entry->id, __entry->first, __entry->nr, __entry->ret)
);

TRACE_EVENT(pageable_pageout,
	    TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
		     unsigned long written),
	    TP_ARGS(id, first, nr, written),
	    TP_STRUCT__entry(__field(unsigned long, id)
			     __field(unsigned long, first)
			     __field(unsigned long, nr)
			     __field(unsigned long, written)
			     ),
	    TP_fast_assign(__entry->id = id;
			   __entry->first = first;
			   __entry->nr = nr;
			   __entry->written = written;
			   ),
	    TP_printk("id=%lu first=%lu nr=%lu written=%lu",
		      __entry->id, __entry->first, __entry->nr, __entry->written)
);

TRACE_EVENT(pageable_release,
	    TP_PROTO(unsigned long id, u64 size, unsigned long resident),
	    TP_ARGS(id, size, resident),
	    TP_STRUCT__entry(__field(unsigned long, id)
			     __field(u64, size)
			     __field(unsigned long, resident)
			     ),
	    TP_fast_assign(__entry->id = id;
			   __entry->size = size;
			   __entry->resident = resident;
			   ),
	    TP_printk("id=%lu size=%llu resident=%lu",
		      __entry->id, __entry->size, __entry->resident)
);

#endif /* _TRACE_PAGEABLE_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
