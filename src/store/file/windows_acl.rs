//! Windows: what "mode 0600" means there. The secret file is created with a protected DACL (no
//! entry inherited from the directory) holding one entry: full access for the current user.
//! Nobody else, no group the user is in, can open it. If that DACL cannot be built the file is
//! refused: never a file that silently inherits the directory's (often world-readable) ACL.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::FromRawHandle;
use std::path::Path;
use std::ptr::null_mut;

use windows_sys::core::PWSTR;
use windows_sys::Win32::Foundation::{
    CloseHandle, LocalFree, GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, TokenUser, PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES, TOKEN_QUERY,
    TOKEN_USER,
};
use windows_sys::Win32::Storage::FileSystem::{CreateFileW, CREATE_NEW, FILE_ATTRIBUTE_NORMAL};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// Creates `path` new (failing with `AlreadyExists` if anything is there), readable and writable
/// by the current user only from the first byte: the DACL is set by the call that creates it.
pub fn create_owner_only(path: &Path) -> io::Result<File> {
    let sid = current_user_sid()
        .map_err(|e| io::Error::other(format!("cannot find the current user's SID: {e}")))?;
    let descriptor = LocalText::descriptor(&owner_only_sddl(&sid))
        .map_err(|e| io::Error::other(format!("cannot build an owner-only ACL: {e}")))?;
    let attributes = SECURITY_ATTRIBUTES {
        nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: descriptor.0,
        bInheritHandle: 0,
    };
    let name = wide(path.as_os_str());
    // SAFETY: `name` is NUL-terminated; `attributes` and the descriptor it points to outlive the
    // call. Share mode 0: nobody opens the file while it is ours.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            0,
            &attributes,
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a valid handle that nothing else owns.
    Ok(unsafe { File::from_raw_handle(handle) })
}

/// SDDL for a protected DACL (`P`) with one entry allowing (`A`) all file access (`FA`) to `sid`.
fn owner_only_sddl(sid: &str) -> String {
    format!("D:P(A;;FA;;;{sid})")
}

/// The current process user's SID as text (`S-1-5-21-…`).
fn current_user_sid() -> io::Result<String> {
    let mut token: HANDLE = null_mut();
    // SAFETY: the pseudo-handle of the current process; `token` receives a handle we close.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let result = token_user_sid(token);
    // SAFETY: opened above, closed once.
    unsafe { CloseHandle(token) };
    result
}

fn token_user_sid(token: HANDLE) -> io::Result<String> {
    let mut len = 0u32;
    // SAFETY: a size query (null buffer); it fails with ERROR_INSUFFICIENT_BUFFER and sets `len`.
    unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len) };
    if len == 0 {
        return Err(io::Error::last_os_error());
    }
    // u64 words: aligned for TOKEN_USER and the SID that follows it.
    let mut buf = vec![0u64; (len as usize).div_ceil(8)];
    // SAFETY: `buf` holds at least `len` bytes.
    if unsafe { GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len) } == 0
    {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: filled by GetTokenInformation(TokenUser) above; the SID points into `buf`.
    let user = unsafe { &*buf.as_ptr().cast::<TOKEN_USER>() };
    let mut text: PWSTR = null_mut();
    // SAFETY: a valid SID; `text` receives a LocalAlloc'd string that LocalText frees.
    if unsafe { ConvertSidToStringSidW(user.User.Sid, &mut text) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(LocalText(text.cast()).to_string_lossy())
}

/// Memory that Windows allocated with LocalAlloc for us: freed on drop.
struct LocalText(*mut core::ffi::c_void);

impl LocalText {
    fn descriptor(sddl: &str) -> io::Result<LocalText> {
        let text = wide(OsStr::new(sddl));
        let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
        // SAFETY: `text` is NUL-terminated; `descriptor` receives memory that LocalText frees.
        let ok = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                text.as_ptr(),
                SDDL_REVISION_1,
                &mut descriptor,
                null_mut(),
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(LocalText(descriptor))
    }

    /// Reads the memory as a NUL-terminated UTF-16 string.
    fn to_string_lossy(&self) -> String {
        let ptr = self.0.cast::<u16>().cast_const();
        // SAFETY: only called on strings Windows returned NUL-terminated.
        let units = unsafe {
            let len = (0..).take_while(|&i| *ptr.add(i) != 0).count();
            std::slice::from_raw_parts(ptr, len)
        };
        String::from_utf16_lossy(units)
    }
}

impl Drop for LocalText {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: allocated by Windows with LocalAlloc, freed once.
            unsafe { LocalFree(self.0) };
        }
    }
}

fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(Some(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use windows_sys::Win32::Security::Authorization::{
        ConvertSecurityDescriptorToStringSecurityDescriptorW, GetNamedSecurityInfoW, SE_FILE_OBJECT,
    };
    use windows_sys::Win32::Security::DACL_SECURITY_INFORMATION;

    /// The file's DACL as SDDL, read back from the file system.
    fn dacl_of(path: &Path) -> String {
        let name = wide(path.as_os_str());
        let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
        // SAFETY: `name` is NUL-terminated; `descriptor` is LocalAlloc'd and freed by LocalText.
        let status = unsafe {
            GetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION,
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                &mut descriptor,
            )
        };
        assert_eq!(status, 0, "GetNamedSecurityInfoW failed");
        let descriptor = LocalText(descriptor);
        let mut text: PWSTR = null_mut();
        // SAFETY: a valid descriptor; `text` is LocalAlloc'd and freed by LocalText.
        let ok = unsafe {
            ConvertSecurityDescriptorToStringSecurityDescriptorW(
                descriptor.0,
                SDDL_REVISION_1,
                DACL_SECURITY_INFORMATION,
                &mut text,
                null_mut(),
            )
        };
        assert_ne!(
            ok, 0,
            "ConvertSecurityDescriptorToStringSecurityDescriptorW failed"
        );
        LocalText(text.cast()).to_string_lossy()
    }

    #[test]
    fn the_file_is_readable_by_its_user_only_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        let file = create_owner_only(&path).unwrap();
        drop(file);
        let sid = current_user_sid().unwrap();
        assert!(sid.starts_with("S-1-"), "{sid}");
        assert_eq!(dacl_of(&path), format!("D:P(A;;FA;;;{sid})"));
        let again = create_owner_only(&path).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
    }
}
