"""Message codes the desktop app raises or shows (added to the shared catalogue on import)."""

from __future__ import annotations

from ..domain.messages import MESSAGES

MESSAGES.update({
    "ui.unexpected": {"ar": "حدث خطأ غير متوقع ({kind}). لم تُفقد أي بيانات محفوظة.",
                      "en": "Something unexpected went wrong ({kind}). No saved data was lost."},
    "ui.wait_password": {"ar": "كلمة المرور غير صحيحة. انتظر {seconds} ثانية قبل المحاولة مرة أخرى.",
                         "en": "Wrong password. Wait {seconds} seconds before trying again."},
    "ui.enrol_unavailable": {"ar": "التسجيل لدى المقر الرئيسي غير متاح في هذا الإصدار",
                             "en": "Enrolling with head office is not available in this build"},
    "ui.sync_unavailable": {"ar": "المزامنة غير متاحة في هذا الإصدار",
                            "en": "Sync is not available in this build"},
    "ui.offline": {"ar": "لا يوجد اتصال بالخادم. ستتم المزامنة عند توفر الاتصال.",
                   "en": "The server cannot be reached. Sync will run when it is back."},
})
