; emudesk's Vietnamese messages for Inno Setup 6 (Tiếng Việt), written for this installer.
; Inno Setup has no official Vietnamese translation. emudesk.iss reads this file after
; compiler:Default.isl, so every message not given here (those a per-user install of emudesk
; never shows, or those a newer Inno Setup adds) stays in English.
; Keep this file UTF-8 with a byte-order mark: Inno Setup reads it as Unicode only then.
; As in Default.isl: [name], [name/ver], [mb] and %1..%3 are filled in by Setup, %n is a new line,
; & marks the shortcut letter, and a message without a final full stop gets one from Setup.

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]

; *** Application titles
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1

; *** Misc. common
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi

; *** SetupLdr messages
SetupLdrStartupMessage=Chương trình sẽ cài đặt %1. Bạn có muốn tiếp tục không?
LdrCannotCreateTemp=Không tạo được tệp tạm. Đã dừng cài đặt
LdrCannotExecTemp=Không chạy được tệp trong thư mục tạm. Đã dừng cài đặt

; *** Startup error messages
LastErrorMessage=%1.%n%nLỗi %2: %3
SetupFileMissing=Thiếu tệp %1 trong thư mục cài đặt. Hãy khắc phục hoặc lấy một bản cài đặt mới.
SetupFileCorrupt=Các tệp cài đặt bị hỏng. Hãy lấy một bản cài đặt mới.
SetupFileCorruptOrWrongVer=Các tệp cài đặt bị hỏng hoặc không hợp với phiên bản chương trình cài đặt này. Hãy khắc phục hoặc lấy một bản cài đặt mới.
InvalidParameter=Tham số dòng lệnh không hợp lệ:%n%n%1
SetupAlreadyRunning=Chương trình cài đặt đang chạy.
WindowsVersionNotSupported=Chương trình này không hỗ trợ phiên bản Windows của máy tính này.
NotOnThisPlatform=Chương trình này không chạy trên %1.
OnlyOnThisPlatform=Chương trình này phải chạy trên %1.
OnlyOnTheseArchitectures=Chương trình này chỉ cài được trên các phiên bản Windows dành cho kiến trúc bộ xử lý sau:%n%n%1
WinVersionTooLowError=Chương trình này cần %1 phiên bản %2 trở lên.
WinVersionTooHighError=Chương trình này không cài được trên %1 phiên bản %2 trở lên.
SetupAppRunningError=%1 đang chạy.%n%nHãy đóng mọi cửa sổ của chương trình rồi bấm OK để tiếp tục, hoặc bấm Hủy để thoát.
UninstallAppRunningError=%1 đang chạy.%n%nHãy đóng mọi cửa sổ của chương trình rồi bấm OK để tiếp tục, hoặc bấm Hủy để thoát.

; *** Misc. errors
ErrorCreatingDir=Không tạo được thư mục "%1"
ErrorTooManyFilesInDir=Không tạo được tệp trong thư mục "%1" vì thư mục có quá nhiều tệp

; *** Setup common messages
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Chưa cài đặt xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nBạn có thể chạy lại chương trình cài đặt vào lúc khác để cài nốt.%n%nThoát cài đặt?
AboutSetupMenuItem=&Giới thiệu chương trình cài đặt...
AboutSetupTitle=Giới thiệu chương trình cài đặt
AboutSetupMessage=%1 phiên bản %2%n%3%n%nTrang chủ %1:%n%4

; *** Buttons
ButtonBack=< &Quay lại
ButtonNext=&Tiếp theo >
ButtonInstall=&Cài đặt
ButtonOK=OK
ButtonCancel=Hủy
ButtonYes=&Có
ButtonYesToAll=Có với &tất cả
ButtonNo=&Không
ButtonNoToAll=Khô&ng với tất cả
ButtonFinish=&Hoàn tất
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...
ButtonNewFolder=&Tạo thư mục mới

; *** "Select Language" dialog messages
SelectLanguageTitle=Chọn ngôn ngữ cài đặt
SelectLanguageLabel=Chọn ngôn ngữ dùng trong khi cài đặt:

; *** Common wizard text
ClickNext=Bấm Tiếp theo để tiếp tục, hoặc Hủy để thoát cài đặt.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách dưới đây rồi bấm OK.
NewFolderName=Thư mục mới

; *** "Welcome" wizard page
WelcomeLabel1=Chào mừng bạn đến với trình cài đặt [name]
WelcomeLabel2=Trình cài đặt sẽ cài [name/ver] vào máy tính của bạn, chỉ cho tài khoản này, không cần quyền quản trị.%n%nNên đóng các chương trình khác trước khi tiếp tục.

; *** "Select Destination Location" wizard page
WizardSelectDir=Chọn thư mục cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=[name] sẽ được cài vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp theo để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống trên ổ đĩa.
CannotInstallToNetworkDrive=Không cài được vào ổ đĩa mạng.
CannotInstallToUNCPath=Không cài được vào đường dẫn UNC.
InvalidPath=Hãy nhập đường dẫn đầy đủ có ký tự ổ đĩa, ví dụ:%n%nC:\APP%n%nhoặc đường dẫn UNC dạng:%n%n\\maychu\thumuc
InvalidDrive=Ổ đĩa hoặc thư mục dùng chung đã chọn không tồn tại hoặc không truy cập được. Hãy chọn nơi khác.
DiskSpaceWarningTitle=Không đủ dung lượng
DiskSpaceWarning=Cần ít nhất %1 KB dung lượng trống để cài đặt, nhưng ổ đĩa đã chọn chỉ còn %2 KB.%n%nBạn vẫn muốn tiếp tục?
DirNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
InvalidDirName=Tên thư mục không hợp lệ.
BadDirName32=Tên thư mục không được chứa các ký tự sau:%n%n%1
DirExistsTitle=Thư mục đã có
DirExists=Thư mục:%n%n%1%n%nđã có. Bạn vẫn muốn cài vào thư mục này?
DirDoesntExistTitle=Thư mục chưa có
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Bạn có muốn tạo thư mục này không?

; *** "Select Additional Tasks" wizard page
WizardSelectTasks=Chọn thêm
SelectTasksDesc=Bạn muốn làm thêm việc gì?
SelectTasksLabel2=Chọn những việc trình cài đặt làm thêm khi cài [name], rồi bấm Tiếp theo.

; *** "Select Start Menu Folder" wizard page
WizardSelectProgramGroup=Chọn thư mục trong menu Start
SelectStartMenuFolderDesc=Đặt lối tắt của chương trình ở đâu?
SelectStartMenuFolderLabel3=Lối tắt của chương trình sẽ được tạo trong thư mục sau của menu Start.
SelectStartMenuFolderBrowseLabel=Bấm Tiếp theo để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
MustEnterGroupName=Hãy nhập tên thư mục.
GroupNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
InvalidGroupName=Tên thư mục không hợp lệ.
BadGroupName=Tên thư mục không được chứa các ký tự sau:%n%n%1
NoProgramGroupCheck2=&Không tạo thư mục trong menu Start

; *** "Ready to Install" wizard page
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Trình cài đặt đã sẵn sàng cài [name] vào máy tính của bạn.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại nếu muốn xem hay đổi lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoDir=Thư mục cài đặt:
ReadyMemoGroup=Thư mục trong menu Start:
ReadyMemoTasks=Việc làm thêm:

; *** "Preparing to Install" wizard page
WizardPreparing=Chuẩn bị cài đặt
PreparingDesc=Trình cài đặt đang chuẩn bị cài [name] vào máy tính của bạn.
PreviousInstallNotCompleted=Lần cài đặt hoặc gỡ bỏ chương trình trước chưa xong. Cần khởi động lại máy tính để hoàn tất.%n%nSau khi khởi động lại, hãy chạy lại trình cài đặt để cài [name].
CannotContinue=Không thể tiếp tục cài đặt. Bấm Hủy để thoát.
ApplicationsFound=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng các chương trình này.
ApplicationsFound2=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng các chương trình này. Cài xong, trình cài đặt sẽ mở lại chúng.
CloseApplications=&Tự đóng các chương trình
DontCloseApplications=&Không đóng các chương trình
ErrorCloseApplications=Trình cài đặt không tự đóng được mọi chương trình. Hãy tự đóng các chương trình đang dùng những tệp cần cập nhật rồi mới tiếp tục.

; *** "Installing" wizard page
WizardInstalling=Đang cài đặt
InstallingLabel=Xin chờ trong khi [name] được cài vào máy tính của bạn.

; *** "Setup Completed" wizard page
FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=[name] đã được cài vào máy tính của bạn.
FinishedLabel=[name] đã được cài vào máy tính của bạn. Có thể mở chương trình bằng các lối tắt vừa tạo.
ClickFinish=Bấm Hoàn tất để thoát cài đặt.
FinishedRestartLabel=Cần khởi động lại máy tính để cài xong [name]. Bạn có muốn khởi động lại ngay không?
FinishedRestartMessage=Cần khởi động lại máy tính để cài xong [name].%n%nBạn có muốn khởi động lại ngay không?
YesRadio=&Có, khởi động lại máy ngay
NoRadio=&Không, tôi sẽ khởi động lại sau
RunEntryExec=Mở %1
RunEntryShellExec=Xem %1

; *** Installation phase messages
SetupAborted=Chưa cài đặt xong.%n%nHãy khắc phục sự cố rồi chạy lại trình cài đặt.
AbortRetryIgnoreChooseAction=Chọn cách xử lý
AbortRetryIgnoreRetry=Thử lại
AbortRetryIgnoreProceedAnyway=Vẫn tiếp tục
AbortRetryIgnoreCancel=Hủy cài đặt

; *** Installation status messages
StatusClosingApplications=Đang đóng các chương trình...
StatusCreateDirs=Đang tạo thư mục...
StatusExtractFiles=Đang giải nén tệp...
StatusCreateIcons=Đang tạo lối tắt...
StatusCreateIniEntries=Đang ghi tệp INI...
StatusCreateRegistryEntries=Đang ghi vào registry...
StatusRegisterFiles=Đang đăng ký tệp...
StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
StatusRunProgram=Đang hoàn tất cài đặt...
StatusRestartingApplications=Đang mở lại các chương trình...
StatusRollback=Đang hoàn lại các thay đổi...

; *** Misc. errors
ErrorInternal2=Lỗi nội bộ: %1
ErrorFunctionFailedNoCode=%1 không thành công
ErrorFunctionFailed=%1 không thành công; mã %2
ErrorFunctionFailedWithMessage=%1 không thành công; mã %2.%n%3
ErrorExecutingProgram=Không chạy được tệp:%n%1

; *** File copying errors
FileAbortRetryIgnoreSkipNotRecommended=Bỏ qua tệp này (không nên)
FileAbortRetryIgnoreProceedAnywayNotRecommended=Vẫn tiếp tục (không nên)
SourceIsCorrupted=Tệp nguồn bị hỏng
SourceDoesntExist=Không có tệp nguồn "%1"
ExistingFileReadOnly=Tệp đang có được đặt chỉ đọc.
ExistingFileReadOnlyRetry=Bỏ thuộc tính chỉ đọc rồi thử lại
ExistingFileReadOnlySkip=Bỏ qua tệp này
ErrorReadingExistingDest=Lỗi khi đọc tệp đang có:
FileExists=Tệp đã có.%n%nBạn có muốn ghi đè không?
ExistingFileNewer=Tệp đang có mới hơn tệp sắp cài. Nên giữ tệp đang có.%n%nBạn có muốn giữ tệp đang có không?
ErrorChangingAttr=Lỗi khi đổi thuộc tính của tệp đang có:
ErrorCreatingTemp=Lỗi khi tạo tệp trong thư mục cài đặt:
ErrorReadingSource=Lỗi khi đọc tệp nguồn:
ErrorCopying=Lỗi khi sao chép tệp:
ErrorReplacingExistingFile=Lỗi khi thay tệp đang có:
ErrorRestartReplace=Không thay được tệp khi khởi động lại:
ErrorRenamingTemp=Lỗi khi đổi tên tệp trong thư mục cài đặt:

; *** Uninstall display name markings
UninstallDisplayNameMark=%1 (%2)
UninstallDisplayNameMarks=%1 (%2, %3)
UninstallDisplayNameMark32Bit=32-bit
UninstallDisplayNameMark64Bit=64-bit
UninstallDisplayNameMarkAllUsers=Mọi người dùng
UninstallDisplayNameMarkCurrentUser=Người dùng hiện tại

; *** Post-installation errors
ErrorRestartingComputer=Trình cài đặt không khởi động lại được máy tính. Hãy tự khởi động lại.

; *** Uninstaller messages
UninstallNotFound=Không có tệp "%1". Không gỡ cài đặt được.
UninstallOpenError=Không mở được tệp "%1". Không gỡ cài đặt được
UninstallUnsupportedVer=Tệp nhật ký gỡ cài đặt "%1" có định dạng mà phiên bản này không đọc được. Không gỡ cài đặt được
UninstallUnknownEntry=Gặp mục lạ (%1) trong nhật ký gỡ cài đặt
ConfirmUninstall=Bạn có chắc muốn gỡ %1 khỏi máy tính? Dữ liệu (cơ sở dữ liệu, cài đặt, bản sao lưu) trong thư mục AppData\Local\emudesk vẫn được giữ lại.
UninstallOnlyOnWin64=Bản cài đặt này chỉ gỡ được trên Windows 64-bit.
UninstallStatusLabel=Xin chờ trong khi %1 được gỡ khỏi máy tính của bạn.
UninstalledAll=Đã gỡ %1 khỏi máy tính của bạn.%n%nDữ liệu (cơ sở dữ liệu, cài đặt, bản sao lưu) trong thư mục AppData\Local\emudesk vẫn được giữ lại.
UninstalledMost=Đã gỡ xong %1.%n%nCòn một số mục không xóa được, có thể tự xóa.
UninstalledAndNeedsRestart=Cần khởi động lại máy tính để gỡ xong %1.%n%nBạn có muốn khởi động lại ngay không?
UninstallDataCorrupted=Tệp "%1" bị hỏng. Không gỡ cài đặt được

; *** Uninstallation phase messages
ConfirmDeleteSharedFileTitle=Xóa tệp dùng chung?
ConfirmDeleteSharedFile2=Hệ thống cho biết tệp dùng chung sau không còn chương trình nào dùng. Bạn có muốn xóa tệp này không?%n%nNếu vẫn còn chương trình dùng tệp này mà tệp bị xóa, chương trình đó có thể chạy sai. Nếu không chắc, hãy chọn Không: để lại tệp cũng không sao.
SharedFileNameLabel=Tên tệp:
SharedFileLocationLabel=Vị trí:
WizardUninstalling=Tình trạng gỡ cài đặt
StatusUninstalling=Đang gỡ %1...

; *** Shutdown block reasons
ShutdownBlockReasonInstallingApp=Đang cài %1.
ShutdownBlockReasonUninstallingApp=Đang gỡ %1.

[CustomMessages]

NameAndVersion=%1 phiên bản %2
AdditionalIcons=Lối tắt thêm:
CreateDesktopIcon=Tạo lối tắt trên &màn hình nền
ProgramOnTheWeb=%1 trên mạng
UninstallProgram=Gỡ cài đặt %1
LaunchProgram=Mở %1
