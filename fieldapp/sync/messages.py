"""Message codes of the sync client: plain-language lines a researcher can act on (Arabic, English).

Imported by fieldapp.sync (the package), so the codes exist before any SyncError can be raised.
Parameters are codes, counts, hosts and HTTP statuses only, never anything about a family.
"""

from __future__ import annotations

from ..domain.messages import MESSAGES

SYNC_MESSAGES: dict[str, dict[str, str]] = {
    "sync.offline": {"ar": "تعذر الاتصال بالمقر الرئيسي ({host}). تحقق من الشبكة ثم أعد المحاولة؛ بياناتك محفوظة على الجهاز",
                     "en": "Cannot reach head office ({host}). Check the network and try again; your data is safe on this device"},
    "sync.timeout": {"ar": "انتهت مهلة الاتصال بالمقر الرئيسي ({host}). أعد المحاولة لاحقاً",
                     "en": "Head office ({host}) did not answer in time. Try again later"},
    "sync.tls": {"ar": "تعذر التحقق من شهادة أمان الخادم ({host}). اطلب من المقر الرئيسي ملف الشهادة",
                 "en": "The server's security certificate could not be verified ({host}). Ask head office for its certificate file"},
    "sync.insecure_url": {"ar": "عنوان الخادم يجب أن يبدأ بـ https:// : {url}",
                          "en": "The server address must start with https:// : {url}"},
    "sync.update_required": {"ar": "يرجى تحديث البرنامج: الخادم يستخدم إصداراً أحدث من بروتوكول المزامنة",
                             "en": "Please update the app: head office uses a newer sync protocol"},
    "sync.unauthorised": {"ar": "لم يقبل الخادم هذا الجهاز. أعد تسجيل الجهاز (fieldapp enroll)",
                          "en": "Head office did not accept this device. Enrol it again (fieldapp enroll)"},
    "sync.bad_login": {"ar": "اسم المستخدم أو كلمة المرور غير صحيحة لدى المقر الرئيسي",
                       "en": "Wrong head-office user name or password"},
    "sync.revoked": {"ar": "أوقف المقر الرئيسي هذا الجهاز. بياناتك على الجهاز لم تتغير؛ اتصل بالمقر الرئيسي",
                     "en": "Head office has revoked this device. Your data on it is untouched; contact head office"},
    "sync.disabled": {"ar": "حسابك لدى المقر الرئيسي موقوف. بياناتك على الجهاز لم تتغير؛ اتصل بالمقر الرئيسي",
                      "en": "Your head-office account is disabled. Your data on this device is untouched; contact head office"},
    "sync.forbidden": {"ar": "ليست لديك صلاحية لهذه العملية لدى المقر الرئيسي",
                       "en": "Your account may not do this at head office"},
    "sync.too_many_attempts": {"ar": "محاولات دخول كثيرة، انتظر بضع دقائق ثم أعد المحاولة",
                               "en": "Too many sign-in attempts; wait a few minutes and try again"},
    "sync.busy": {"ar": "الخادم مشغول الآن، أعد المحاولة بعد قليل", "en": "Head office is busy; try again shortly"},
    "sync.server_error": {"ar": "حدث خطأ في الخادم (HTTP {status}). بياناتك محفوظة؛ أعد المحاولة لاحقاً",
                          "en": "Head office had an error (HTTP {status}). Your data is safe; try again later"},
    "sync.refused": {"ar": "رفض الخادم الطلب ({reason})", "en": "Head office refused the request ({reason})"},
    "sync.bad_answer": {"ar": "رد غير متوقع من الخادم", "en": "Unexpected answer from head office"},
    "sync.not_enrolled": {"ar": "هذا الجهاز غير مسجل لدى المقر الرئيسي. شغّل: fieldapp enroll",
                          "en": "This device is not enrolled with head office. Run: fieldapp enroll"},
    "sync.other_user": {"ar": "هذا الملف مسجل للمستخدم {username}؛ لا يمكن تسجيله لمستخدم آخر",
                        "en": "This profile belongs to user {username}; it cannot be enrolled for another user"},
    "sync.stuck": {"ar": "توقفت المزامنة: الخادم لم يرد على بعض التغييرات", "en": "Sync stopped: head office did not answer some changes"},
    "sync.running": {"ar": "المزامنة جارية بالفعل", "en": "A sync is already running"},
    "sync.cancelled": {"ar": "أُلغيت المزامنة وستكمل من حيث توقفت", "en": "Sync cancelled; it will resume where it stopped"},
    "sync.attachment_mismatch": {"ar": "المرفق وصل تالفاً إلى الخادم وسيعاد إرساله",
                                 "en": "An attachment arrived damaged at head office and will be sent again"},
    "bundle.no_key": {"ar": "لا يوجد مفتاح المقر الرئيسي في هذا الملف؛ سجّل الجهاز أولاً",
                      "en": "This profile has no head-office key; enrol the device first"},
    "bundle.unreadable": {"ar": "الملف ليس حزمة مزامنة لهذا الجهاز", "en": "This file is not a sync bundle for this device"},
    "bundle.other_device": {"ar": "حزمة المزامنة هذه لجهاز آخر", "en": "This sync bundle is for another device"},
}

MESSAGES.update(SYNC_MESSAGES)
