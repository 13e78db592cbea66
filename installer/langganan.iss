; Langganan's Windows installer (Inno Setup 6.3 or later: https://jrsoftware.org/isinfo.php).
;
; Built by `python installer/build.py` on Windows, which runs, from the project's folder:
;   iscc /DAppVersion=0.1.0 installer\langganan.iss
; after PyInstaller has made dist\langganan\ (langganan.exe, its _internal\ folder, licenses\) and after
; `python installer/make_ico.py` (icons\langganan.ico) and `python installer/inno_languages.py`
; (languages\Indonesian.isl: Inno Setup ships Indonesian only among its unofficial translations).
; Paths below are relative to this file's folder. The result: dist\langganan-<version>-setup.exe.
;
; What a shop gets:
; - a per-user install that needs no administrator: %LOCALAPPDATA%\Programs\Langganan ({autopf} when
;   PrivilegesRequired=lowest), shortcuts in the Start menu and (ticked by default) on the desktop;
; - version and publisher in Settings > Apps & features;
; - an upgrade installs over the old version (the AppId below never changes) and never touches the shop's
;   data, which lives in %LOCALAPPDATA%\Langganan (database, backups, documents, settings.toml), not here;
; - uninstalling leaves that data unless the user answers Yes to "also delete my shop's data", a question
;   that names the folder and the newest backup (default: No; a silent uninstall never deletes it).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Langganan"
#define AppPublisher "Langganan"
#define AppExeName "langganan.exe"
#define AppURL "https://github.com/langganan-pos/langganan"

[Setup]
; Never change the AppId: it is how a new version finds and replaces the old one.
AppId={{8B4C7E2A-5D1F-4C3B-9A6E-2F7D0C1B9E54}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=langganan-{#AppVersion}-setup
SetupIconFile=icons\langganan.ico
UninstallDisplayIcon={app}\langganan.ico
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2
SolidCompression=yes
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "id"; MessagesFile: "languages\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
id.DesktopIcon=Buat ikon di &desktop
en.DesktopIcon=Create a &desktop shortcut
id.ShortcutsGroup=Ikon tambahan:
en.ShortcutsGroup=Additional shortcuts:
id.LaunchLangganan=Buka Langganan sekarang
en.LaunchLangganan=Open Langganan now
id.NoBackupYet=(belum ada cadangan)
en.NoBackupYet=(no backup yet)
id.DeleteDataQuestion=Hapus juga data toko Anda?%n%nFolder: %1%nCadangan terakhir: %2%n%nIsinya: semua penjualan, pelanggan, kasbon, produk, cadangan dan pengaturan kasir ini. Data yang dihapus tidak bisa dikembalikan. Simpan dulu salinan folder ini (misalnya ke flashdisk) bila masih perlu.%n%nPilih Ya untuk MENGHAPUS data toko, atau Tidak untuk menyimpannya (disarankan).
en.DeleteDataQuestion=Also delete my shop's data?%n%nFolder: %1%nLast backup: %2%n%nIt holds every sale, customer, kasbon, product, the backups and this till's settings. Deleted data cannot be brought back. Copy this folder first (to a USB stick, say) if you may need it.%n%nChoose Yes to DELETE the shop's data, or No to keep it (recommended).
id.DataKept=Data toko disimpan di %1. Bila Langganan dipasang lagi, data ini dipakai kembali.
en.DataKept=The shop's data is kept in %1. Installing Langganan again uses it again.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:ShortcutsGroup}"

[InstallDelete]
; An upgrade replaces the program's own libraries whole (never the data, which is not in {app}).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\langganan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "icons\langganan.ico"; DestDir: "{app}"; Flags: ignoreversion
Source: "licenses\THIRD-PARTY-NOTICES.txt"; DestDir: "{app}\licenses"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; IconFilename: "{app}\langganan.ico"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; IconFilename: "{app}\langganan.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchLangganan}"; Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteShopData: Boolean;

{ The shop's data folder: what platformdirs gives the program on Windows (user_data_dir("Langganan",
  appauthor=False)); the settings file lives there too. }
function ShopDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\Langganan');
end;

{ The newest backup by name: langganan-YYYYMMDD-HHMMSS.db sorts by time. }
function LastBackup(): String;
var
  Found: TFindRec;
  Newest: String;
begin
  Newest := '';
  if FindFirst(ShopDataDir() + '\backups\langganan-*.db', Found) then
  begin
    try
      repeat
        if CompareText(Found.Name, Newest) > 0 then
          Newest := Found.Name;
      until not FindNext(Found);
    finally
      FindClose(Found);
    end;
  end;
  if Newest = '' then
    Result := CustomMessage('NoBackupYet')
  else
    Result := ShopDataDir() + '\backups\' + Newest;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    DeleteShopData := False;
    if (not UninstallSilent()) and DirExists(ShopDataDir()) then
      DeleteShopData := MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [ShopDataDir(), LastBackup()]),
                               mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  end;
  if CurUninstallStep = usPostUninstall then
  begin
    if DeleteShopData then
      DelTree(ShopDataDir(), True, True, True)
    else if (not UninstallSilent()) and DirExists(ShopDataDir()) then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [ShopDataDir()]), mbInformation, MB_OK);
  end;
end;
