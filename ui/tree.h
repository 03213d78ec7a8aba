/* tree.h: the tree view, the main list of packages. */
#ifndef FTPORT_TREE_H
#define FTPORT_TREE_H

#include "view.h"

extern const struct view_ops tree_view_ops;

struct app;
/* After a search that found: "1 match for 'x'", "match 2 of 5 for 'x'". */
void tree_search_said(struct app *app);

#endif
