/* tree.h: the tree view, the main list of packages. */
#ifndef FTPORT_TREE_H
#define FTPORT_TREE_H

#include "view.h"

extern const struct view_ops tree_view_ops;

#endif
