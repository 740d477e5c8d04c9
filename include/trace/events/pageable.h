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

DECLARE_EVENT_CLASS(pageable_range,
		    TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
			     unsigned long pages),
		    TP_ARGS(id, first, nr, pages),
		    TP_STRUCT__entry(__field(unsigned long, id)
				     __field(unsigned long, first)
				     __field(unsigned long, nr)
				     __field(unsigned long, pages)
				     ),
		    TP_fast_assign(__entry->id = id;
				   __entry->first = first;
				   __entry->nr = nr;
				   __entry->pages = pages;
				   ),
		    TP_printk("id=%lu first=%lu nr=%lu pages=%lu",
			      __entry->id, __entry->first, __entry->nr, __entry->pages)
);

/* pages: those written to swap or discarded. */
DEFINE_EVENT(pageable_range, pageable_pageout,
	     TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
		      unsigned long pages),
	     TP_ARGS(id, first, nr, pages));

/* pages: those whose swap was freed. */
DEFINE_EVENT(pageable_range, pageable_dontneed,
	     TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
		      unsigned long pages),
	     TP_ARGS(id, first, nr, pages));

/* pages: those reported as discarded. */
DEFINE_EVENT(pageable_range, pageable_willneed,
	     TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
		      unsigned long pages),
	     TP_ARGS(id, first, nr, pages));

/* pages: those of [first, first + nr) that were not already discarded. */
DEFINE_EVENT(pageable_range, pageable_discard,
	     TP_PROTO(unsigned long id, unsigned long first, unsigned long nr,
		      unsigned long pages),
	     TP_ARGS(id, first, nr, pages));

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
