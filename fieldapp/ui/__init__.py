"""The desktop app (PySide6). Only fieldapp/ui/qt.py imports the binding; everything else imports from it.

Module map
    app.py          run_app(profile, smoke, lang); build() gives (app, session, window) to tests and scripts
    qt.py           the one door to PySide6
    tasks.py        TaskRunner: all disk, crypto, network and PDF work off the UI thread ("db" lane: the vault's
                    own thread; "sync": background sync on a second connection; "net": PDFs and the rest);
                    TaskRunner(synchronous=True) for tests
    session.py      one open profile: settings, the vault (once unlocked), the actor, autosave hooks on lock
    settings.py     DIR/settings.json (language, calendar, digits, auto-lock, work week, server)
    i18n.py         tr(CONTEXT, "text"), Qt Linguist translators (ours + qtbase_ar), RTL, fonts
    i18n_tool.py    keeps resources/i18n/fieldapp_ar.ts in step with the tr() calls (run it after adding text)
    fmt.py          digits (Arabic-Indic or Latin), money, Gregorian + Umm al-Qura Hijri dates
    unlock.py, wizard.py, enrol_dialog.py, idle.py      first run, unlock with back-off, auto-lock
    mainwindow.py   unlock page or workspace, toolbar, status bar (kept small)
    workspace.py    navigation + the current view; opens cases and the editor
    navigation.py   register(NavEntry(...)): views by role with a count (the review features add theirs)
    casemodel.py, caselist.py     the paged case list (QAbstractTableModel over vault.page_cases)
    caseview.py, assignments.py, conflicts.py, attachments.py, reports.py, syncbar.py, settings_dialog.py
    editor/         the assessment editor generated from the form definition (spec, inputs, repeat tables,
                    engine link, summary panel, editor with autosave)

Adding a view: `navigation.register(NavEntry("key", lambda: tr(C, "Title"), order, roles,
make_view=lambda workspace: MyView(workspace), count=lambda vault: ...))`; a view may define refresh().
Adding text: call tr(C, "English text") with a module constant C, then `python -m fieldapp.ui.i18n_tool` and
translate the new messages in resources/i18n/fieldapp_ar.ts (tests/ui/test_i18n.py checks both).
"""
