/* triage.h: the team keys of the TUI: owner, note, decision, export, draft. */
#ifndef FTPORT_TRIAGE_H
#define FTPORT_TRIAGE_H

#include "app.h"
#include "prompt.h"

void triage_init(struct app *app);	/* the team state read */
void triage_free(struct app *app);
/* a, c, x: the prompt for the field of the package under the cursor. */
void triage_prompt(struct app *app, enum prompt_for kind);
void triage_prompt_done(struct app *app);	/* Enter on an owner/note/decision prompt */
void triage_export(struct app *app);
void triage_draft(struct app *app);
/* The package's decision and owner in the team state (NONE/NULL without one). */
int triage_decision(const struct app *app, const char *pkg);

const char *triage_get(const struct app *app, const char *pkg, const char *field);

#endif
