"""The message catalogue for user-facing errors and notices (code → Arabic, English).

Areas add their own codes here; keep codes stable because tests and the server's JSON errors use them.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # vault
    "vault.missing": {"ar": "المجلد غير موجود: {path}", "en": "Folder not found: {path}"},
    "vault.not_a_vault": {"ar": "هذا المجلد ليس ملف بيانات fieldapp: {path}",
                          "en": "This folder is not a fieldapp profile: {path}"},
    "vault.exists": {"ar": "يوجد ملف بيانات في هذا المجلد مسبقاً: {path}",
                     "en": "A profile already exists in this folder: {path}"},
    "vault.wrong_password": {"ar": "كلمة المرور غير صحيحة", "en": "Wrong password"},
    "vault.locked": {"ar": "الملف مقفل، أدخل كلمة المرور", "en": "The vault is locked; enter the password"},
    "vault.tampered": {"ar": "السجل {table}/{record_id} تالف أو تم العبث به ولا يمكن فك تشفيره",
                       "en": "Record {table}/{record_id} is damaged or was tampered with and cannot be decrypted"},
    "vault.weak_password": {"ar": "كلمة المرور قصيرة جداً (8 أحرف على الأقل)",
                            "en": "The password is too short (at least 8 characters)"},
    "vault.password_mismatch": {"ar": "كلمتا المرور غير متطابقتين", "en": "The passwords do not match"},
    "vault.no_password": {"ar": "لا توجد كلمة مرور: أدخلها أو اضبط FIELDAPP_PASSWORD",
                          "en": "No password: type it or set FIELDAPP_PASSWORD"},
    "vault.too_new": {"ar": "ملف البيانات أحدث من هذا الإصدار من البرنامج، يرجى تحديث البرنامج",
                      "en": "This profile was written by a newer version; please update the app"},
    "vault.not_found": {"ar": "السجل غير موجود: {record_id}", "en": "Record not found: {record_id}"},
    "vault.read_only": {"ar": "هذا التقييم معتمد أو مرفوض ولا يمكن تعديله",
                        "en": "This assessment is approved or rejected and cannot be edited"},
    "io.cannot_write": {"ar": "تعذرت الكتابة في الملف: {path}", "en": "Cannot write the file: {path}"},
    "io.cannot_read": {"ar": "تعذرت قراءة الملف: {path}", "en": "Cannot read the file: {path}"},
    "cli.bad_argument": {"ar": "قيمة غير صالحة: {detail}", "en": "Invalid value: {detail}"},
    "cli.interrupted": {"ar": "أوقفت العملية", "en": "Interrupted"},
    "export.partial": {"ar": "تم تصدير {ok} سجل، وتعذر فك تشفير {bad} سجل",
                       "en": "Exported {ok} records; {bad} could not be decrypted"},
    # workflow
    "workflow.unknown_action": {"ar": "إجراء غير معروف: {action}", "en": "Unknown action: {action}"},
    "workflow.bad_state": {"ar": "لا يمكن تنفيذ «{action_ar}» على تقييم حالته «{status_ar}»",
                           "en": "Cannot {action_en} an assessment that is {status_en}"},
    "workflow.role_forbidden": {"ar": "دورك ({role_ar}) لا يسمح بتنفيذ «{action_ar}»",
                                "en": "Your role ({role_en}) may not {action_en}"},
    "workflow.not_owner": {"ar": "هذا التقييم ليس من حالاتك", "en": "This assessment is not one of your cases"},
    "workflow.not_team": {"ar": "هذا التقييم ليس من حالات فريقك", "en": "This assessment is not in your team"},
    "workflow.comment_required": {"ar": "التعليق مطلوب عند الإعادة للاستكمال",
                                  "en": "A comment is required when returning for correction"},
    "workflow.reason_required": {"ar": "يجب اختيار سبب الرفض من القائمة",
                                 "en": "A rejection reason from the list is required"},
    "workflow.reopen_reason_required": {"ar": "يجب ذكر سبب إعادة الفتح", "en": "A reason is required to reopen"},
    "workflow.invalid_form": {"ar": "لا يمكن الإرسال: يوجد {count} حقل ناقص أو غير صحيح",
                              "en": "Cannot submit: {count} fields are missing or invalid"},
    "history.broken_chain": {"ar": "سلسلة سجل القرارات غير سليمة عند الحدث {index}",
                             "en": "The decision history chain is broken at event {index}"},
}
