"""Server errors: an HTTP status plus a stable code; the body is always {"code", "message"}.

Messages never carry personal data: only codes, counts and ids.
"""

from __future__ import annotations

from typing import Any

from ..domain.errors import FieldappError
from ..domain.messages import MESSAGES

MESSAGES.update({
    "auth.required": {"ar": "يلزم تسجيل الدخول", "en": "Authentication required"},
    "auth.bad_credentials": {"ar": "اسم المستخدم أو كلمة المرور غير صحيحة", "en": "Wrong username or password"},
    "auth.disabled": {"ar": "هذا الحساب موقوف", "en": "This account is disabled"},
    "auth.device_revoked": {"ar": "تم إلغاء تسجيل هذا الجهاز، راجع المقر الرئيسي",
                            "en": "This device was revoked; contact head office"},
    "auth.bad_token": {"ar": "رمز الجهاز غير صالح", "en": "Invalid device token"},
    "auth.forbidden": {"ar": "لا تملك صلاحية هذا الإجراء", "en": "You may not do this"},
    "auth.rate_limited": {"ar": "محاولات كثيرة، حاول بعد قليل", "en": "Too many attempts; try again shortly"},
    "protocol.version": {"ar": "إصدار البرنامج قديم، يرجى تحديثه",
                         "en": "This app version is not supported by the server; please update the app"},
    "request.invalid": {"ar": "طلب غير صالح: {detail}", "en": "Invalid request: {detail}"},
    "request.too_large": {"ar": "الطلب أكبر من المسموح", "en": "Request too large"},
    "request.bad_encoding": {"ar": "ترميز الطلب غير صالح", "en": "Bad request encoding"},
    "request.not_found": {"ar": "غير موجود", "en": "Not found"},
    "request.method": {"ar": "طريقة غير مسموحة", "en": "Method not allowed"},
    "server.error": {"ar": "خطأ في الخادم", "en": "Server error"},
    "server.busy": {"ar": "الخادم مشغول، أعد المحاولة", "en": "Server busy; retry shortly"},
    "record.not_found": {"ar": "السجل غير موجود", "en": "Record not found"},
    "record.read_only": {"ar": "التقييم معتمد أو مرفوض ولا يمكن تعديله",
                         "en": "The assessment is approved or rejected and cannot be changed"},
    "record.bad_op": {"ar": "عملية غير صالحة: {detail}", "en": "Invalid operation: {detail}"},
    "attachment.bad_offset": {"ar": "موضع غير صحيح في الملف المرفق", "en": "Wrong offset for the attachment"},
    "attachment.hash_mismatch": {"ar": "المرفق تالف (البصمة غير مطابقة)",
                                 "en": "The attachment does not match its SHA-256"},
    "attachment.incomplete": {"ar": "المرفق غير مكتمل", "en": "The attachment is incomplete"},
    "server.not_initialised": {"ar": "لم تتم تهيئة الخادم: شغّل fieldapp-server init",
                               "en": "The server is not initialised: run fieldapp-server init"},
    "server.no_passphrase": {"ar": "لا توجد عبارة مرور لمفتاح الاسترداد: اضبط FIELDAPP_RECOVERY_PASSPHRASE",
                             "en": "No recovery passphrase: type it or set FIELDAPP_RECOVERY_PASSPHRASE"},
    "server.bad_passphrase": {"ar": "عبارة مرور مفتاح الاسترداد غير صحيحة",
                              "en": "Wrong passphrase for the recovery key"},
    "server.user_exists": {"ar": "المستخدم موجود مسبقاً: {name}", "en": "User already exists: {name}"},
    "server.no_user": {"ar": "لا يوجد مستخدم بهذا الاسم: {name}", "en": "No such user: {name}"},
    "server.no_device": {"ar": "لا يوجد جهاز بهذا المعرف: {device}", "en": "No such device: {device}"},
    "server.bad_role": {"ar": "دور غير معروف: {role}", "en": "Unknown role: {role}"},
    "server.team_required": {"ar": "يلزم تحديد الفريق لهذا الدور", "en": "A team is required for this role"},
    "server.no_password": {"ar": "لا توجد كلمة مرور: أدخلها أو اضبط FIELDAPP_NEW_PASSWORD",
                           "en": "No password: type it or set FIELDAPP_NEW_PASSWORD"},
    "server.bad_form": {"ar": "تعريف النموذج غير صالح: {detail}", "en": "Invalid form definition: {detail}"},
    "server.bad_csv": {"ar": "ملف CSV غير صالح: {detail}", "en": "Invalid CSV file: {detail}"},
    "server.no_researchers": {"ar": "لا يوجد باحثون نشطون في الفريق {team}",
                              "en": "No active researchers in team {team}"},
    "server.database": {"ar": "تعذر الوصول إلى قاعدة البيانات ({detail})", "en": "Cannot use the database ({detail})"},
    "server.bad_bundle": {"ar": "ملف المزامنة غير صالح أو ليس لهذه الجهة", "en": "Not a valid bundle for this server"},
})


class ApiError(FieldappError):
    """A refusal the API answers with `status` and {"code", "message"}."""

    def __init__(self, status: int, code: str, **params: Any) -> None:
        super().__init__(code, **params)
        self.status = status


class ServerError(FieldappError):
    """A refusal of a server command (CLI)."""


def refusal(code: str, **params: Any) -> dict[str, Any]:
    """The error of a rejected op: {"code", "message": {"ar", "en"}}."""
    err = FieldappError(code, **params)
    return {"code": code, "message": {"ar": err.message("ar"), "en": err.message("en")}}
