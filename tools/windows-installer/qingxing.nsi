; The Windows installer of Qingxing, built by tools/windows package with Debian's NSIS (makensis).
; makensis -DVERSION=x.y.z -DPACKAGE_DIR=<folder with qingxing.exe> -DOUTFILE=<installer.exe>
;
; Installs under Program Files, adds Start-menu entries for the control panel and the open-day
; demo, and an uninstaller that keeps the records (%ProgramData%\Qingxing) unless asked to remove
; them; a silent uninstall (/S) always keeps them. Chinese first, English too.
Unicode true
; A 64-bit installer: Qingxing is 64-bit only (and Wine64 in the tests runs no 32-bit programs).
Target amd64-unicode
!include "MUI2.nsh"
!include "x64.nsh"

!ifndef VERSION
  !error "VERSION is not defined"
!endif
Name "清醒 Qingxing ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Qingxing"
InstallDirRegKey HKLM "Software\Qingxing" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Qingxing"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString PanelLink ${LANG_SIMPCHINESE} "清醒 治疗师控制面板"
LangString PanelLink ${LANG_ENGLISH} "Qingxing control panel"
LangString DemoLink ${LANG_SIMPCHINESE} "清醒 开放日禁毒教育"
LangString DemoLink ${LANG_ENGLISH} "Qingxing open-day demo"
LangString RecordsLink ${LANG_SIMPCHINESE} "清醒 记录文件夹"
LangString RecordsLink ${LANG_ENGLISH} "Qingxing records folder"
LangString Need64 ${LANG_SIMPCHINESE} "清醒需要 64 位 Windows 10 或更新版本。"
LangString Need64 ${LANG_ENGLISH} "Qingxing needs 64-bit Windows 10 or later."
LangString AskRemoveRecords ${LANG_SIMPCHINESE} "是否同时删除所有学员记录（ProgramData\Qingxing 文件夹）？$\n$\n删除后无法恢复。选择“否”将保留记录，重新安装后仍可使用。"
LangString AskRemoveRecords ${LANG_ENGLISH} "Also delete all residents' records (the folder ProgramData\Qingxing)?$\n$\nThis cannot be undone. Choose No to keep them for a later installation."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Need64)"
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Qingxing"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File /r "${PACKAGE_DIR}\*.*"

  ; The records folder, shared by every therapist's account on this PC: Administrators and the
  ; system have full control, signed-in users may create and change files; nobody else.
  CreateDirectory "$APPDATA\Qingxing"
  nsExec::ExecToLog 'icacls "$APPDATA\Qingxing" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)M'
  Pop $0

  CreateDirectory "$SMPROGRAMS\Qingxing"
  CreateShortcut "$SMPROGRAMS\Qingxing\$(PanelLink).lnk" "$INSTDIR\qingxing.exe" "panel" "$INSTDIR\qingxing.exe" 0
  CreateShortcut "$SMPROGRAMS\Qingxing\$(DemoLink).lnk" "$INSTDIR\qingxing.exe" "demo --display desktop --kiosk" "$INSTDIR\qingxing.exe" 0
  CreateShortcut "$SMPROGRAMS\Qingxing\$(RecordsLink).lnk" "$APPDATA\Qingxing"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\Qingxing" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "清醒 Qingxing"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Qingxing"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\qingxing.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  RMDir /r "$SMPROGRAMS\Qingxing"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\Qingxing"
  ; The records stay unless the person uninstalling says otherwise (never in a silent uninstall).
  IfSilent keep_records
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(AskRemoveRecords)" IDNO keep_records
  RMDir /r "$APPDATA\Qingxing"
keep_records:
SectionEnd
