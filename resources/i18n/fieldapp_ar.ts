<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_SA" sourcelanguage="en">
  <context>
    <name>Assignments</name>
    <message>
      <source>Visits assigned to you. Press Enter or double-click to start the assessment.</source>
      <translation>الزيارات المسندة إليك. اضغط Enter أو انقر مرتين لبدء الدراسة.</translation>
    </message>
    <message>
      <source>Assignments</source>
      <translation>الزيارات المسندة</translation>
    </message>
  </context>
  <context>
    <name>Attachments</name>
    <message>
      <source>Drop photos and scanned documents here, or choose files. They are stored encrypted.</source>
      <translation>اسحب الصور والمستندات الممسوحة إلى هنا أو اختر الملفات. تُحفظ مشفّرة.</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>إضافة ملفات…</translation>
    </message>
    <message>
      <source>View</source>
      <translation>عرض</translation>
    </message>
    <message>
      <source>Save a copy…</source>
      <translation>حفظ نسخة…</translation>
    </message>
    <message>
      <source>Writes the file where you choose, unencrypted, e.g. to open a scanned PDF.</source>
      <translation>يحفظ الملف غير مشفّر في المكان الذي تختاره، مثلًا لفتح مستند PDF ممسوح ضوئيًا.</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>حذف</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>المرفقات</translation>
    </message>
    <message>
      <source>Add attachments</source>
      <translation>إضافة مرفقات</translation>
    </message>
    <message>
      <source>Photos and documents (*.jpg *.jpeg *.png *.pdf)</source>
      <translation>الصور والمستندات (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
      <source>Save a copy of the attachment</source>
      <translation>حفظ نسخة من المرفق</translation>
    </message>
    <message>
      <source>%1 file(s) over 25 MB were not added; scan them at a lower resolution.</source>
      <translation>لم يُضف %1 ملف يزيد حجمه على 25 ميغابايت؛ امسحه بدقة أقل.</translation>
    </message>
    <message>
      <source>This file cannot be shown here (%1). Use “Save a copy…” to open it with another program.</source>
      <translation>لا يمكن عرض هذا الملف هنا (%1). استخدم «حفظ نسخة…» لفتحه ببرنامج آخر.</translation>
    </message>
    <message>
      <source>Saved: %1</source>
      <translation>تم الحفظ: %1</translation>
    </message>
  </context>
  <context>
    <name>CaseList</name>
    <message>
      <source>Search by name, ID number, phone or file number</source>
      <translation>ابحث بالاسم أو رقم الهوية أو الجوال أو رقم الملف</translation>
    </message>
    <message>
      <source>Search cases</source>
      <translation>البحث في الحالات</translation>
    </message>
    <message>
      <source>New household</source>
      <translation>أسرة جديدة</translation>
    </message>
    <message>
      <source>Cases</source>
      <translation>الحالات</translation>
    </message>
    <message>
      <source>Cases: %1</source>
      <translation>عدد الحالات: %1</translation>
    </message>
    <message>
      <source>File number</source>
      <translation>رقم الملف</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>رب الأسرة</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>الفئات</translation>
    </message>
    <message>
      <source>District</source>
      <translation>الحي</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>الحالة</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>آخر زيارة</translation>
    </message>
    <message>
      <source>Age (working days)</source>
      <translation>العمر (أيام عمل)</translation>
    </message>
  </context>
  <context>
    <name>CaseView</name>
    <message>
      <source>Back to the list</source>
      <translation>العودة إلى القائمة</translation>
    </message>
    <message>
      <source>Open assessment</source>
      <translation>فتح الدراسة</translation>
    </message>
    <message>
      <source>New assessment (re-study)</source>
      <translation>دراسة جديدة (إعادة دراسة)</translation>
    </message>
    <message>
      <source>Assessment report (PDF)…</source>
      <translation>تقرير الدراسة (PDF)…</translation>
    </message>
    <message>
      <source>Sponsor report (PDF)…</source>
      <translation>تقرير الكافل (PDF)…</translation>
    </message>
    <message>
      <source>Assessments over time</source>
      <translation>الدراسات عبر الزمن</translation>
    </message>
    <message>
      <source>Decision history</source>
      <translation>سجل القرارات</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>المرفقات</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>رب الأسرة</translation>
    </message>
    <message>
      <source>File number</source>
      <translation>رقم الملف</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>رقم الهوية</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>الجوال</translation>
    </message>
    <message>
      <source>District</source>
      <translation>الحي</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>الفئات</translation>
    </message>
  </context>
  <context>
    <name>Conflicts</name>
    <message>
      <source>These fields were changed on this device and at head office. Choose which value to keep for each case.</source>
      <translation>تغيرت هذه الحقول على هذا الجهاز ولدى المقر الرئيسي. اختر القيمة التي تريد الاحتفاظ بها لكل حالة.</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>التعارضات</translation>
    </message>
    <message>
      <source>Keep this device's values</source>
      <translation>اعتماد قيم هذا الجهاز</translation>
    </message>
    <message>
      <source>Keep head office's values</source>
      <translation>اعتماد قيم المقر الرئيسي</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>السجل</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>الحقل</translation>
    </message>
    <message>
      <source>This device</source>
      <translation>هذا الجهاز</translation>
    </message>
    <message>
      <source>Head office</source>
      <translation>المقر الرئيسي</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>الأسرة</translation>
    </message>
    <message>
      <source>Assessment</source>
      <translation>الاستمارة</translation>
    </message>
  </context>
  <context>
    <name>Dashboard</name>
    <message>
      <source>By status</source>
      <translation>حسب الحالة</translation>
    </message>
    <message>
      <source>By researcher</source>
      <translation>حسب الباحث</translation>
    </message>
    <message>
      <source>Overdue (past the answer deadline)</source>
      <translation>المتأخرة (تجاوزت مهلة الرد)</translation>
    </message>
    <message>
      <source>no answers yet</source>
      <translation>لا ردود بعد</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>الحالة</translation>
    </message>
    <message>
      <source>Count</source>
      <translation>العدد</translation>
    </message>
    <message>
      <source>Researcher</source>
      <translation>الباحث/ة</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>رب الأسرة</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>تاريخ الإرسال</translation>
    </message>
    <message>
      <source>Working days</source>
      <translation>أيام العمل</translation>
    </message>
    <message>
      <source>%1 assessments · %2 waiting · %3 overdue · average answer time: %4 working days (deadline %5; answers of the last %6 days)</source>
      <translation>%1 دراسة · %2 بانتظار المراجعة · %3 متأخرة · متوسط مدة الرد: %4 يوم عمل (المهلة %5؛ ردود آخر %6 يوماً)</translation>
    </message>
  </context>
  <context>
    <name>Decision</name>
    <message>
      <source>Comment</source>
      <translation>التعليق</translation>
    </message>
    <message>
      <source>Choose a reason…</source>
      <translation>اختر السبب…</translation>
    </message>
    <message>
      <source>Fields to correct (optional):</source>
      <translation>الحقول المطلوب تصحيحها (اختياري):</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>إلغاء</translation>
    </message>
    <message>
      <source>Rejection reason</source>
      <translation>سبب الرفض</translation>
    </message>
    <message>
      <source>Fields to correct</source>
      <translation>الحقول المطلوب تصحيحها</translation>
    </message>
    <message>
      <source>Comment (optional)</source>
      <translation>تعليق (اختياري)</translation>
    </message>
    <message>
      <source>Reason for reopening</source>
      <translation>سبب إعادة الفتح</translation>
    </message>
    <message>
      <source>A comment is required when returning for correction.</source>
      <translation>التعليق مطلوب عند الإعادة للاستكمال.</translation>
    </message>
    <message>
      <source>Choose a rejection reason from the list.</source>
      <translation>اختر سبب الرفض من القائمة.</translation>
    </message>
    <message>
      <source>A reason is required to reopen.</source>
      <translation>يجب ذكر سبب إعادة الفتح.</translation>
    </message>
    <message>
      <source>Approve this assessment. It becomes read-only on every device.</source>
      <translation>اعتماد هذه الدراسة. ستصبح للقراءة فقط على جميع الأجهزة.</translation>
    </message>
    <message>
      <source>Return the assessment to the researcher for correction. Say what to fix; flagged fields are shown to the researcher.</source>
      <translation>إعادة الدراسة إلى الباحث للاستكمال. اذكر ما يجب تصحيحه؛ تظهر الحقول المؤشَّر عليها للباحث.</translation>
    </message>
    <message>
      <source>Reject the application. Choose the reason from head office's list and explain it for the family's file.</source>
      <translation>رفض الطلب. اختر السبب من قائمة المقر الرئيسي واشرحه في ملف الأسرة.</translation>
    </message>
    <message>
      <source>Reopen this approved assessment for correction (head office). The reason is kept in the history.</source>
      <translation>إعادة فتح هذه الدراسة المعتمدة للتصحيح (المقر الرئيسي). يُحفظ السبب في السجل.</translation>
    </message>
  </context>
  <context>
    <name>Editor</name>
    <message>
      <source>Previous</source>
      <translation>السابق</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>التالي</translation>
    </message>
    <message>
      <source>Submit for review</source>
      <translation>إرسال للمراجعة</translation>
    </message>
    <message>
      <source>Back to the case</source>
      <translation>العودة إلى الحالة</translation>
    </message>
    <message>
      <source>Sections</source>
      <translation>الأقسام</translation>
    </message>
    <message>
      <source>Submitted for review</source>
      <translation>أُرسلت للمراجعة</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>المرفقات</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>مطلوب</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>تم الحفظ</translation>
    </message>
    <message>
      <source>Possible duplicate: a household with the same ID number, or the same name and phone, is already recorded (%1).</source>
      <translation>احتمال تكرار: توجد أسرة مسجلة بنفس رقم الهوية أو بنفس الاسم والجوال (%1).</translation>
    </message>
    <message>
      <source>New household</source>
      <translation>أسرة جديدة</translation>
    </message>
    <message>
      <source>Supervisor's comment:</source>
      <translation>ملاحظة المشرف:</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>نعم</translation>
    </message>
    <message>
      <source>No</source>
      <translation>لا</translation>
    </message>
    <message>
      <source>Eligible</source>
      <translation>مستحق</translation>
    </message>
    <message>
      <source>Not eligible</source>
      <translation>غير مستحق</translation>
    </message>
    <message>
      <source>Please type a number</source>
      <translation>اكتب رقماً</translation>
    </message>
    <message>
      <source>Please type a date as YYYY-MM-DD</source>
      <translation>اكتب التاريخ بالصيغة YYYY-MM-DD</translation>
    </message>
    <message>
      <source>Add row</source>
      <translation>إضافة صف</translation>
    </message>
    <message>
      <source>Remove row</source>
      <translation>حذف صف</translation>
    </message>
    <message>
      <source>Eligibility: not decided yet</source>
      <translation>الاستحقاق: لم يتحدد بعد</translation>
    </message>
    <message>
      <source>Total income</source>
      <translation>إجمالي الدخل</translation>
    </message>
    <message>
      <source>Total expenses</source>
      <translation>إجمالي المصروفات</translation>
    </message>
    <message>
      <source>Income per person</source>
      <translation>دخل الفرد</translation>
    </message>
    <message>
      <source>Dependency ratio</source>
      <translation>نسبة الإعالة</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>fieldapp — household assessments</source>
      <translation>fieldapp — دراسات الأسر</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>قفل</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>الإعدادات</translation>
    </message>
    <message>
      <source>Enrol with head office…</source>
      <translation>التسجيل لدى المقر الرئيسي…</translation>
    </message>
    <message>
      <source>Toolbar</source>
      <translation>شريط الأدوات</translation>
    </message>
  </context>
  <context>
    <name>Navigation</name>
    <message>
      <source>Assignments</source>
      <translation>الزيارات المسندة</translation>
    </message>
    <message>
      <source>Drafts</source>
      <translation>المسودات</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>المرسلة للمراجعة</translation>
    </message>
    <message>
      <source>Returned with comments</source>
      <translation>المعادة بملاحظات</translation>
    </message>
    <message>
      <source>Approved</source>
      <translation>المعتمدة</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>المرفوضة</translation>
    </message>
    <message>
      <source>All cases</source>
      <translation>كل الحالات</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>التعارضات</translation>
    </message>
    <message>
      <source>Review queue</source>
      <translation>قائمة المراجعة</translation>
    </message>
    <message>
      <source>Team dashboard</source>
      <translation>لوحة الفريق</translation>
    </message>
  </context>
  <context>
    <name>Notices</name>
    <message>
      <source>The server refused a change.</source>
      <translation>رفض الخادم تغييراً.</translation>
    </message>
    <message>
      <source>Head office did not accept:</source>
      <translation>لم يقبل المقر الرئيسي:</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>إخفاء</translation>
    </message>
    <message>
      <source>Dismiss the server's messages</source>
      <translation>إخفاء رسائل الخادم</translation>
    </message>
    <message>
      <source>Messages from the server</source>
      <translation>رسائل من الخادم</translation>
    </message>
  </context>
  <context>
    <name>ReportJobs</name>
    <message>
      <source>This month</source>
      <translation>هذا الشهر</translation>
    </message>
    <message>
      <source>The last 3 months</source>
      <translation>آخر ٣ أشهر</translation>
    </message>
    <message>
      <source>The last 6 months</source>
      <translation>آخر ٦ أشهر</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>هذه السنة</translation>
    </message>
    <message>
      <source>Last year</source>
      <translation>السنة الماضية</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>التقرير</translation>
    </message>
    <message>
      <source>Open the report when it is ready</source>
      <translation>افتح التقرير عند اكتماله</translation>
    </message>
    <message>
      <source>Report progress</source>
      <translation>تقدم إعداد التقرير</translation>
    </message>
    <message>
      <source>Statistics over</source>
      <translation>الإحصاءات خلال</translation>
    </message>
    <message>
      <source>Period of the statistics report</source>
      <translation>فترة تقرير الإحصاءات</translation>
    </message>
    <message>
      <source>From</source>
      <translation>من</translation>
    </message>
    <message>
      <source>To</source>
      <translation>إلى</translation>
    </message>
    <message>
      <source>Statistics report (PDF)…</source>
      <translation>تقرير الإحصاءات (PDF)…</translation>
    </message>
    <message>
      <source>Save the statistics report</source>
      <translation>حفظ تقرير الإحصاءات</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>ملفات PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>إغلاق</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>إلغاء</translation>
    </message>
    <message>
      <source>The report was not saved.</source>
      <translation>لم يُحفظ التقرير.</translation>
    </message>
    <message>
      <source>Reading the cases…</source>
      <translation>جارٍ قراءة الحالات…</translation>
    </message>
    <message>
      <source>Building the PDF…</source>
      <translation>جارٍ إعداد ملف PDF…</translation>
    </message>
    <message>
      <source>Saving the file…</source>
      <translation>جارٍ حفظ الملف…</translation>
    </message>
    <message>
      <source>(%1 to %2)</source>
      <translation>(من %1 إلى %2)</translation>
    </message>
  </context>
  <context>
    <name>Reports</name>
    <message>
      <source>Save the assessment report</source>
      <translation>حفظ تقرير الدراسة</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>ملفات PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Save the sponsor report</source>
      <translation>حفظ تقرير الكافل</translation>
    </message>
  </context>
  <context>
    <name>Review</name>
    <message>
      <source>Not reopened: the supervisor flagged other sections.</source>
      <translation>غير مفتوح للتعديل: أشار المشرف إلى أقسام أخرى.</translation>
    </message>
    <message>
      <source>The supervisor asked you to correct this field.</source>
      <translation>طلب المشرف تصحيح هذا الحقل.</translation>
    </message>
    <message>
      <source>Eligibility: not decided (answers incomplete)</source>
      <translation>الاستحقاق: لم يُحدَّد (الإجابات ناقصة)</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>نعم</translation>
    </message>
    <message>
      <source>No</source>
      <translation>لا</translation>
    </message>
    <message>
      <source>Eligible</source>
      <translation>مستحقة</translation>
    </message>
    <message>
      <source>Not eligible</source>
      <translation>غير مستحقة</translation>
    </message>
    <message>
      <source>Total income</source>
      <translation>إجمالي الدخل</translation>
    </message>
    <message>
      <source>Total expenses</source>
      <translation>إجمالي المصروفات</translation>
    </message>
    <message>
      <source>Income per person</source>
      <translation>دخل الفرد</translation>
    </message>
    <message>
      <source>%1 rows</source>
      <translation>%1 صفوف</translation>
    </message>
    <message>
      <source>The eligibility result is not available for this form.</source>
      <translation>نتيجة الاستحقاق غير متاحة لهذه الاستمارة.</translation>
    </message>
    <message>
      <source>Dependency ratio</source>
      <translation>نسبة الإعالة</translation>
    </message>
    <message>
      <source>Answers</source>
      <translation>الإجابات</translation>
    </message>
    <message>
      <source>Eligibility</source>
      <translation>الاستحقاق</translation>
    </message>
    <message>
      <source>Changes since last approval</source>
      <translation>التغييرات منذ آخر اعتماد</translation>
    </message>
    <message>
      <source>Earlier assessments</source>
      <translation>الدراسات السابقة</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>المرفقات</translation>
    </message>
    <message>
      <source>History</source>
      <translation>السجل</translation>
    </message>
    <message>
      <source>Back to the queue</source>
      <translation>العودة إلى القائمة</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>الحقل</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>سابقاً</translation>
    </message>
    <message>
      <source>Now</source>
      <translation>حالياً</translation>
    </message>
    <message>
      <source>No earlier assessments of this household.</source>
      <translation>لا توجد دراسات سابقة لهذه الأسرة.</translation>
    </message>
    <message>
      <source>No earlier approved assessment to compare with.</source>
      <translation>لا توجد دراسة معتمدة سابقة للمقارنة.</translation>
    </message>
    <message>
      <source>Researcher</source>
      <translation>الباحث/ة</translation>
    </message>
    <message>
      <source>%1 working days waiting</source>
      <translation>بانتظار الرد منذ %1 يوم عمل</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>أُرسلت</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>السبب</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>التعليق</translation>
    </message>
    <message>
      <source>Compared with the assessment approved on %1: %2 changes</source>
      <translation>مقارنة بالدراسة المعتمدة في %1: %2 تغييرات</translation>
    </message>
  </context>
  <context>
    <name>ReviewQueue</name>
    <message>
      <source>%1 waiting for review, %2 overdue (oldest first)</source>
      <translation>%1 بانتظار المراجعة، %2 متأخرة (الأقدم أولاً)</translation>
    </message>
    <message>
      <source>Review queue</source>
      <translation>قائمة المراجعة</translation>
    </message>
    <message>
      <source>Show cases that are</source>
      <translation>عرض الحالات</translation>
    </message>
    <message>
      <source>Search by name, ID, phone or file number</source>
      <translation>ابحث بالاسم أو رقم الهوية أو الجوال أو رقم الملف</translation>
    </message>
    <message>
      <source>%1 cases (newest first)</source>
      <translation>%1 حالة (الأحدث أولاً)</translation>
    </message>
    <message>
      <source>File no.</source>
      <translation>رقم الملف</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>رب الأسرة</translation>
    </message>
    <message>
      <source>Researcher</source>
      <translation>الباحث/ة</translation>
    </message>
    <message>
      <source>District</source>
      <translation>الحي</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>الفئات</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>تاريخ الإرسال</translation>
    </message>
    <message>
      <source>Age (working days)</source>
      <translation>المدة (أيام عمل)</translation>
    </message>
    <message>
      <source>Overdue: past the answer deadline</source>
      <translation>متأخرة: تجاوزت مهلة الرد</translation>
    </message>
    <message>
      <source>overdue</source>
      <translation>متأخرة</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>Settings</source>
      <translation>الإعدادات</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>اللغة</translation>
    </message>
    <message>
      <source>Calendar</source>
      <translation>التقويم</translation>
    </message>
    <message>
      <source>Digits</source>
      <translation>الأرقام</translation>
    </message>
    <message>
      <source>Working week</source>
      <translation>أسبوع العمل</translation>
    </message>
    <message>
      <source>Lock after idle minutes</source>
      <translation>القفل بعد دقائق من عدم النشاط</translation>
    </message>
    <message>
      <source>Head-office server</source>
      <translation>خادم المقر الرئيسي</translation>
    </message>
    <message>
      <source>minutes</source>
      <translation>دقيقة</translation>
    </message>
    <message>
      <source>Gregorian and Hijri (Umm al-Qura)</source>
      <translation>ميلادي وهجري (أم القرى)</translation>
    </message>
    <message>
      <source>Gregorian</source>
      <translation>ميلادي</translation>
    </message>
    <message>
      <source>Hijri (Umm al-Qura)</source>
      <translation>هجري (أم القرى)</translation>
    </message>
    <message>
      <source>Arabic-Indic (٠١٢٣)</source>
      <translation>أرقام عربية (٠١٢٣)</translation>
    </message>
    <message>
      <source>Latin (0123)</source>
      <translation>أرقام لاتينية (0123)</translation>
    </message>
    <message>
      <source>Sunday to Thursday</source>
      <translation>من الأحد إلى الخميس</translation>
    </message>
    <message>
      <source>Monday to Friday</source>
      <translation>من الإثنين إلى الجمعة</translation>
    </message>
  </context>
  <context>
    <name>Sync</name>
    <message>
      <source>Sending changes</source>
      <translation>جارٍ إرسال التغييرات</translation>
    </message>
    <message>
      <source>Sending attachments</source>
      <translation>جارٍ إرسال المرفقات</translation>
    </message>
    <message>
      <source>Receiving changes</source>
      <translation>جارٍ استلام التغييرات</translation>
    </message>
    <message>
      <source>Receiving attachments</source>
      <translation>جارٍ استلام المرفقات</translation>
    </message>
    <message>
      <source>Updating forms</source>
      <translation>جارٍ تحديث النماذج</translation>
    </message>
    <message>
      <source>Finishing</source>
      <translation>جارٍ الإنهاء</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>جارٍ المزامنة…</translation>
    </message>
    <message>
      <source>Cancel sync</source>
      <translation>إلغاء المزامنة</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>مزامنة الآن</translation>
    </message>
    <message>
      <source>Last sync: never</source>
      <translation>آخر مزامنة: لم تتم بعد</translation>
    </message>
    <message>
      <source>Local profile (not enrolled)</source>
      <translation>ملف محلي (غير مسجل)</translation>
    </message>
    <message>
      <source>Pending changes: %1</source>
      <translation>تغييرات بانتظار الإرسال: %1</translation>
    </message>
    <message>
      <source>Last sync: %1</source>
      <translation>آخر مزامنة: %1</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>غير متصل</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>متصل</translation>
    </message>
    <message>
      <source>Not synced yet</source>
      <translation>لم تتم المزامنة بعد</translation>
    </message>
  </context>
  <context>
    <name>Timeline</name>
    <message>
      <source>Researcher</source>
      <translation>باحث/ة</translation>
    </message>
    <message>
      <source>Supervisor</source>
      <translation>مشرف/ة</translation>
    </message>
    <message>
      <source>Head office</source>
      <translation>المقر الرئيسي</translation>
    </message>
    <message>
      <source>Decision history</source>
      <translation>سجل القرارات</translation>
    </message>
    <message>
      <source>History warning</source>
      <translation>تحذير السجل</translation>
    </message>
    <message>
      <source>No decisions yet.</source>
      <translation>لا توجد قرارات بعد.</translation>
    </message>
    <message>
      <source>This entry cannot be verified: the history chain is broken before it.</source>
      <translation>لا يمكن التحقق من هذا القيد: سلسلة السجل منقطعة قبله.</translation>
    </message>
    <message>
      <source>Warning: the decision history has been altered or is incomplete (chain broken at entry %1). Tell head office.</source>
      <translation>تحذير: سجل القرارات معدَّل أو ناقص (السلسلة منقطعة عند القيد %1). أبلغ المقر الرئيسي.</translation>
    </message>
    <message>
      <source>By</source>
      <translation>بواسطة</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>السبب</translation>
    </message>
    <message>
      <source>Flagged fields</source>
      <translation>الحقول المؤشَّر عليها</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>التعليق</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>الجهاز</translation>
    </message>
  </context>
  <context>
    <name>Unlock</name>
    <message>
      <source>The profile is locked. Enter your password to continue.</source>
      <translation>الملف مقفل. أدخل كلمة المرور للمتابعة.</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>كلمة المرور</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>فتح</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>جارٍ الفتح…</translation>
    </message>
    <message>
      <source>Wrong password. You can try again now.</source>
      <translation>كلمة المرور غير صحيحة. يمكنك المحاولة الآن.</translation>
    </message>
  </context>
  <context>
    <name>Wizard</name>
    <message>
      <source>Enrol with head office</source>
      <translation>التسجيل لدى المقر الرئيسي</translation>
    </message>
    <message>
      <source>Server address</source>
      <translation>عنوان الخادم</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>اسم المستخدم</translation>
    </message>
    <message>
      <source>Head-office password</source>
      <translation>كلمة المرور لدى المقر الرئيسي</translation>
    </message>
    <message>
      <source>Welcome</source>
      <translation>مرحباً</translation>
    </message>
    <message>
      <source>Choose the language of the app. You can change it later in the settings.</source>
      <translation>اختر لغة البرنامج. يمكنك تغييرها لاحقاً من الإعدادات.</translation>
    </message>
    <message>
      <source>Your profile</source>
      <translation>ملفك</translation>
    </message>
    <message>
      <source>Enrol this laptop with head office now, or start a local profile and enrol later.</source>
      <translation>سجّل هذا الجهاز لدى المقر الرئيسي الآن، أو ابدأ ملفاً محلياً وسجّله لاحقاً.</translation>
    </message>
    <message>
      <source>Start a local profile (enrol later)</source>
      <translation>بدء ملف محلي (التسجيل لاحقاً)</translation>
    </message>
    <message>
      <source>Vault password</source>
      <translation>كلمة مرور الملف</translation>
    </message>
    <message>
      <source>Everything on this laptop is encrypted with this password. Choose a long one; head office can recover unsynced work if it is lost.</source>
      <translation>كل البيانات على هذا الجهاز مشفّرة بكلمة المرور هذه. اختر كلمة طويلة؛ يستطيع المقر الرئيسي استرجاع العمل غير المُزامَن إذا فُقدت.</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>كلمة المرور</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation>تأكيد كلمة المرور</translation>
    </message>
    <message>
      <source>Password strength</source>
      <translation>قوة كلمة المرور</translation>
    </message>
    <message>
      <source>Too weak</source>
      <translation>ضعيفة جداً</translation>
    </message>
    <message>
      <source>Weak</source>
      <translation>ضعيفة</translation>
    </message>
    <message>
      <source>Fair</source>
      <translation>متوسطة</translation>
    </message>
    <message>
      <source>Strong</source>
      <translation>قوية</translation>
    </message>
    <message>
      <source>The passwords do not match</source>
      <translation>كلمتا المرور غير متطابقتين</translation>
    </message>
    <message>
      <source>At least 8 characters; avoid common passwords</source>
      <translation>8 أحرف على الأقل، وتجنب كلمات المرور الشائعة</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>Navigation</source>
      <translation>التنقل</translation>
    </message>
  </context>
</TS>
