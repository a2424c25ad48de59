@echo off
rem `sesame` as installed with the app on Windows: the NSIS installer puts this
rem folder (resources\bin) on the users PATH. Runs the CLI with the apps own
rem Electron as Node (shared profiles and Credential Manager entries), as VS Codes
rem resources\win32\bin\code.cmd does, but waits for it and returns its exit code.
setlocal
set ELECTRON_RUN_AS_NODE=1
set NODE_OPTIONS=
"%~dp0..\..\Sesame.exe" "%~dp0..\app.asar.unpacked\out\cli\sesame.mjs" %*
endlocal & exit /b %ERRORLEVEL%
