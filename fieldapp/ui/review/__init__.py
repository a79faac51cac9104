"""Supervisor review (issue 7): the review queue, the read-only review with decisions, the history timeline,
the team dashboard and head office's reopen.

    nav.register_review_views()      adds "review" and "dashboard" to fieldapp.ui.navigation (by role)
    queue.ReviewQueueView            queue (oldest first, working-day age, overdue) + ReviewView
    view.ReviewView                  answers, eligibility, changes, earlier assessments, attachments, history
    dialogs.DecisionDialog           approve / return (+ flagged fields) / reject (reason list) / reopen
    timeline.TimelineWidget          who, role, when, device, comment; hash chain verified
    notices.NoticesBanner            what the server refused
    dashboard.DashboardView          counts by status and researcher, overdue, average answer time
"""
