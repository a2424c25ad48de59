; Sesame's additions to electron-builder's NSIS installer (electron-builder.yml
; nsis.include; the macros are the hooks electron-builder's templates call:
; app-builder-lib/templates/nsis/{installer.nsi,assistedInstaller.nsh,
; installSection.nsh,uninstaller.nsh}).
;
; "Add 'sesame' to PATH": an installer page with one checkbox, checked by
; default (VS Code's Windows setup has the same "addtopath" task, on by
; default: build/win32/code.iss). It adds $INSTDIR\resources\bin, a folder
; that holds only sesame.cmd, to the user's PATH (HKCU\Environment\Path) and
; the uninstaller takes it out again. Silent installs follow the remembered
; choice (first install: on); "/no-cli-path" on the command line turns it off.
;
; PATH is edited here, not with EnvVarUpdate (which corrupts a PATH longer than
; the NSIS string limit): electron-builder's NSIS is the large-strings build
; (8192 characters, docs: electron.build/nsis), and a PATH that does not fit
; is left alone with a message saying what to add by hand. The value is read
; and written unexpanded (REG_EXPAND_SZ), so %USERPROFILE%-style entries stay.
; Compiled with -WX (as electron-builder does) by test/unit/cli/packaging.test.ts.

!include LogicLib.nsh
!include WinMessages.nsh
!include FileFunc.nsh

!define SESAME_CLI_DIR "$INSTDIR\resources\bin"
!define SESAME_ENV_KEY "Environment"

!macro customHeader
  LangString sesameCliTitle ${LANG_ENGLISH} "Command line"
  LangString sesameCliSubtitle ${LANG_ENGLISH} "Use Sesame from a terminal, scripts and ssh."
  LangString sesameCliCheckbox ${LANG_ENGLISH} "Add the 'sesame' command to PATH (recommended)"
  LangString sesameCliDetail ${LANG_ENGLISH} "Adds the folder that holds sesame.cmd to your user PATH, so 'sesame connect NAME' works in new terminals. The uninstaller removes it again."
  LangString sesameCliTooLong ${LANG_ENGLISH} "Your PATH is too long for the installer to change safely. To use the 'sesame' command, add this folder to PATH yourself:"
  !ifdef LANG_KOREAN
    LangString sesameCliTitle ${LANG_KOREAN} "명령줄"
    LangString sesameCliSubtitle ${LANG_KOREAN} "터미널, 스크립트, ssh에서 Sesame를 사용합니다."
    LangString sesameCliCheckbox ${LANG_KOREAN} "'sesame' 명령을 PATH에 추가(권장)"
    LangString sesameCliDetail ${LANG_KOREAN} "sesame.cmd가 있는 폴더를 사용자 PATH에 추가하여 새 터미널에서 'sesame connect 이름'을 쓸 수 있게 합니다. 제거 프로그램이 다시 삭제합니다."
    LangString sesameCliTooLong ${LANG_KOREAN} "PATH가 너무 길어 설치 프로그램이 안전하게 바꿀 수 없습니다. 'sesame' 명령을 쓰려면 이 폴더를 직접 PATH에 추가하세요:"
  !endif
!macroend

; Path helpers for one side (installer: PREFIX "", uninstaller: "un."): NSIS
; needs separate copies of a function for each.
!macro sesamePathFunctions PREFIX
  ; $R0 = the user's PATH (unexpanded), $R1 = 1 when it could be read whole.
  Function ${PREFIX}sesameReadPath
    StrCpy $R1 1
    ClearErrors
    ReadRegStr $R0 HKCU "${SESAME_ENV_KEY}" "Path"
    ${If} ${Errors}
      ; Missing (fine: start empty) or too long to read (then hands off).
      StrCpy $R0 ""
      StrCpy $R2 0
      ${Do}
        ClearErrors
        EnumRegValue $R3 HKCU "${SESAME_ENV_KEY}" $R2
        ${If} ${Errors}
        ${OrIf} $R3 == ""
          ${ExitDo}
        ${EndIf}
        ${If} $R3 == "Path"
          StrCpy $R1 0
          ${ExitDo}
        ${EndIf}
        IntOp $R2 $R2 + 1
      ${Loop}
    ${EndIf}
  FunctionEnd

  ; Removes every entry equal to $R4 (case-insensitive, as Windows compares paths) from $R0.
  Function ${PREFIX}sesameDropEntry
    StrCpy $R5 ""   ; result
    StrCpy $R6 ""   ; current entry
    StrCpy $R7 0    ; index
    StrLen $R8 $R0
    ${Do}
      StrCpy $R9 $R0 1 $R7
      ${If} $R9 == ";"
      ${OrIf} $R7 >= $R8
        ${If} $R6 != ""
        ${AndIf} $R6 != $R4
        ${AndIf} $R6 != "$R4\"
          ${If} $R5 == ""
            StrCpy $R5 $R6
          ${Else}
            StrCpy $R5 "$R5;$R6"
          ${EndIf}
        ${EndIf}
        StrCpy $R6 ""
      ${Else}
        StrCpy $R6 "$R6$R9"
      ${EndIf}
      IntOp $R7 $R7 + 1
    ${LoopUntil} $R7 > $R8
    StrCpy $R0 $R5
  FunctionEnd

  Function ${PREFIX}sesameRemoveFromPath
    Call ${PREFIX}sesameReadPath
    ${If} $R1 == 1
    ${AndIf} $R0 != ""
      StrCpy $R4 "${SESAME_CLI_DIR}"
      StrCpy $R3 $R0
      Call ${PREFIX}sesameDropEntry
      ${If} $R0 != $R3
        WriteRegExpandStr HKCU "${SESAME_ENV_KEY}" "Path" $R0
        SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
      ${EndIf}
    ${EndIf}
  FunctionEnd
!macroend

!ifdef BUILD_UNINSTALLER
  !insertmacro sesamePathFunctions "un."

  !macro customUnInstall
    ; An update runs the old uninstaller first: keep the entry, the new installer decides.
    ${IfNot} ${isUpdated}
      Call un.sesameRemoveFromPath
    ${EndIf}
  !macroend
!else
  !include nsDialogs.nsh
  !insertmacro sesamePathFunctions ""

  Var sesameCliOnPath
  Var sesameCliCheckbox

  Function sesameAddToPath
    Call sesameReadPath
    ${If} $R1 == 1
      ; Drop an old copy first, so the entry is there exactly once.
      StrCpy $R4 "${SESAME_CLI_DIR}"
      Call sesameDropEntry
      StrLen $R2 $R0
      StrLen $R3 "${SESAME_CLI_DIR}"
      IntOp $R2 $R2 + $R3
      IntOp $R2 $R2 + 2
    ${EndIf}
    ${If} $R1 != 1
    ${OrIf} $R2 >= ${NSIS_MAX_STRLEN}
      DetailPrint "PATH not changed (too long): add ${SESAME_CLI_DIR} to it to use the sesame command."
      MessageBox MB_ICONINFORMATION|MB_OK "$(sesameCliTooLong)$\r$\n${SESAME_CLI_DIR}" /SD IDOK
      Return
    ${EndIf}
    ${If} $R0 == ""
      StrCpy $R0 "${SESAME_CLI_DIR}"
    ${Else}
      StrCpy $R0 "$R0;${SESAME_CLI_DIR}"
    ${EndIf}
    WriteRegExpandStr HKCU "${SESAME_ENV_KEY}" "Path" $R0
    ; Running Explorer (and what it starts next) rereads the environment.
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  FunctionEnd

  !macro customInit
    StrCpy $sesameCliOnPath 1
    ReadRegStr $0 HKCU "${INSTALL_REGISTRY_KEY}" "SesameCliOnPath"
    ${If} $0 == "0"
      StrCpy $sesameCliOnPath 0
    ${EndIf}
    ${GetParameters} $0
    ClearErrors
    ${GetOptions} $0 "/no-cli-path" $1
    ${IfNot} ${Errors}
      StrCpy $sesameCliOnPath 0
    ${EndIf}
  !macroend

  !macro customPageAfterChangeDir
    Page custom sesameCliPageShow sesameCliPageLeave

    Function sesameCliPageShow
      ; An update keeps the earlier choice without asking again.
      ${If} ${isUpdated}
        Abort
      ${EndIf}
      !insertmacro MUI_HEADER_TEXT "$(sesameCliTitle)" "$(sesameCliSubtitle)"
      nsDialogs::Create 1018
      Pop $0
      ${NSD_CreateCheckbox} 0 0 100% 12u "$(sesameCliCheckbox)"
      Pop $sesameCliCheckbox
      ${If} $sesameCliOnPath == 1
        ${NSD_Check} $sesameCliCheckbox
      ${EndIf}
      ${NSD_CreateLabel} 0 20u 100% 36u "$(sesameCliDetail)"
      Pop $0
      nsDialogs::Show
    FunctionEnd

    Function sesameCliPageLeave
      ${NSD_GetState} $sesameCliCheckbox $0
      ${If} $0 == ${BST_CHECKED}
        StrCpy $sesameCliOnPath 1
      ${Else}
        StrCpy $sesameCliOnPath 0
      ${EndIf}
    FunctionEnd
  !macroend

  !macro customInstall
    WriteRegStr HKCU "${INSTALL_REGISTRY_KEY}" "SesameCliOnPath" $sesameCliOnPath
    ${If} $sesameCliOnPath == 1
      Call sesameAddToPath
    ${Else}
      Call sesameRemoveFromPath
    ${EndIf}
  !macroend
!endif
