// SPDX-License-Identifier: GPL-2.0
/*
 * Pageable objects: debugfs pageable/objects lists the global counters
 * and the live objects.
 *
 * Copyright (C) 2026 The pageable authors
 */

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "pageable.h"

static void *pageable_objects_start(struct seq_file *m, loff_t *pos)
	__acquires(&pageable_list_lock)
{
	spin_lock(&pageable_list_lock);
	return seq_list_start_head(&pageable_list, *pos);
}

static void *pageable_objects_next(struct seq_file *m, void *v, loff_t *pos)
{
	return seq_list_next(v, &pageable_list, pos);
}

static void pageable_objects_stop(struct seq_file *m, void *v)
	__releases(&pageable_list_lock)
{
	spin_unlock(&pageable_list_lock);
}

static int pageable_objects_show(struct seq_file *m, void *v)
{
	struct pageable_stats st;
	struct pageable *obj;

	if (v == &pageable_list) {
		seq_printf(m, "objects: %ld\npinned_pages: %ld\n",
			   atomic_long_read(&pageable_nr_objects),
			   atomic_long_read(&pageable_nr_pinned));
		seq_printf(m, "dontneed_pages: %ld\ndiscardable_pages: %ld\ndiscarded_pages: %ld\n",
			   atomic_long_read(&pageable_nr_dontneed),
			   atomic_long_read(&pageable_nr_discardable),
			   atomic_long_read(&pageable_nr_discarded));
		seq_printf(m, "held_pages: %ld\n",
			   atomic_long_read(&pageable_nr_held));
		seq_puts(m, "id size flags resident swapped pinned vmaps locked unevictable dontneed discarded\n");
		return 0;
	}

	obj = list_entry(v, struct pageable, node);
	pageable_stat(obj, &st);
	seq_printf(m, "%lu %llu %#x %lu %lu %lu %u %d %d %lu %lu\n", obj->id,
		   st.size, obj->flags, st.resident, st.swapped, st.pinned,
		   st.vmaps, st.locked, st.unevictable, st.dontneed,
		   st.discarded);
	return 0;
}

static const struct seq_operations pageable_objects_sops = {
	.start = pageable_objects_start,
	.next = pageable_objects_next,
	.stop = pageable_objects_stop,
	.show = pageable_objects_show,
};
DEFINE_SEQ_ATTRIBUTE(pageable_objects);

static int __init pageable_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pageable", NULL);

	debugfs_create_file("objects", 0400, dir, NULL,
			    &pageable_objects_fops);
	return 0;
}
late_initcall(pageable_debugfs_init);
