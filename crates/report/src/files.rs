//! Report files: named with the run's timestamp, written to a temporary file in the same folder
//! and renamed into place when complete, never over an existing file, owner-only.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What went wrong writing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output folder could not be created or written.
    #[error("cannot write in {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A report with the same name exists; reports are never overwritten.
    #[error("{path} already exists; reports are never overwritten")]
    Exists {
        /// The file.
        path: String,
    },
    /// Writing the report failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Serializing the report failed.
    #[error("cannot serialize {path}: {message}")]
    Serialize {
        /// The file.
        path: String,
        /// The cause.
        message: String,
    },
}

/// Writes `items` as a pretty JSON array, one at a time (the array of a 1,000-account run, built
/// whole, is hundreds of MB), and a final newline; `format` names the report in errors.
pub fn write_json_array<T: serde::Serialize>(
    out: &mut dyn Write,
    format: &str,
    items: impl Iterator<Item = T>,
) -> Result<(), ReportError> {
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serde::Serializer::collect_seq(&mut serializer, items).map_err(|error| {
        ReportError::Serialize {
            path: format.to_string(),
            message: error.to_string(),
        }
    })?;
    out.write_all(b"\n").map_err(|source| ReportError::Write {
        path: format.to_string(),
        source,
    })
}

impl ReportError {
    /// The same error, naming the file it happened in: writers only know their format.
    pub fn at(self, file: &str) -> ReportError {
        match self {
            ReportError::Write { source, .. } => ReportError::Write {
                path: file.to_string(),
                source,
            },
            ReportError::Serialize { message, .. } => ReportError::Serialize {
                path: file.to_string(),
                message,
            },
            other => other,
        }
    }
}

/// The folder reports go to, and the run's timestamp for their names.
#[derive(Debug, Clone)]
pub struct ReportFolder {
    folder: PathBuf,
    stamp: String,
}

impl ReportFolder {
    /// Creates the folder if needed (owner-only when created) and checks it can be written.
    pub fn prepare(folder: &Path, stamp: &str) -> Result<ReportFolder, ReportError> {
        let folder_error = |source| ReportError::Folder {
            path: folder.display().to_string(),
            source,
        };
        if !folder.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(folder).map_err(folder_error)?;
        }
        // Proves the folder is writable before any AWS call is made.
        tempfile::Builder::new()
            .prefix(".iam-audit-probe-")
            .tempfile_in(folder)
            .map_err(folder_error)?;
        Ok(ReportFolder {
            folder: folder.to_path_buf(),
            stamp: stamp.to_string(),
        })
    }

    /// The path of report `prefix` (`iam_audit_report` gives
    /// `iam_audit_report_YYYYMMDD_HHMMSS.csv`).
    pub fn path(&self, prefix: &str, extension: &str) -> PathBuf {
        self.folder
            .join(format!("{prefix}_{}.{extension}", self.stamp))
    }

    /// Writes a report atomically: all of it, or nothing under its final name.
    pub fn write(
        &self,
        prefix: &str,
        extension: &str,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), ReportError>,
    ) -> Result<PathBuf, ReportError> {
        let path = self.path(prefix, extension);
        let display = path.display().to_string();
        if path.exists() {
            return Err(ReportError::Exists { path: display });
        }
        let write_error = |source| ReportError::Write {
            path: display.clone(),
            source,
        };
        let mut temporary = tempfile::Builder::new()
            .prefix(&format!(".{prefix}-"))
            .suffix(".partial")
            .tempfile_in(&self.folder)
            .map_err(write_error)?;
        {
            let mut buffered = std::io::BufWriter::new(temporary.as_file_mut());
            fill(&mut buffered).map_err(|error| error.at(&display))?;
            buffered.flush().map_err(write_error)?;
        }
        temporary.as_file().sync_all().map_err(write_error)?;
        temporary.persist_noclobber(&path).map_err(|error| {
            if error.error.kind() == std::io::ErrorKind::AlreadyExists {
                ReportError::Exists {
                    path: display.clone(),
                }
            } else {
                write_error(error.error)
            }
        })?;
        Ok(path)
    }
}

/// The files of a report that is a folder ([`ReportFolder::write_folder`]), written one by one.
pub struct FolderWriter {
    folder: PathBuf,
    /// The folder's final path, for errors.
    display: String,
    files: usize,
}

impl FolderWriter {
    /// Writes one file of the folder, owner-only; `name` must be a plain file name.
    pub fn file(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), ReportError>,
    ) -> Result<(), ReportError> {
        let display = format!("{}/{name}", self.display);
        let write_error = |source| ReportError::Write {
            path: display.clone(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(self.folder.join(name)).map_err(write_error)?;
        let mut buffered = std::io::BufWriter::new(file);
        fill(&mut buffered).map_err(|error| error.at(&display))?;
        buffered.flush().map_err(write_error)?;
        buffered
            .into_inner()
            .map_err(|error| write_error(error.into_error()))?
            .sync_all()
            .map_err(write_error)?;
        self.files += 1;
        Ok(())
    }
}

impl ReportFolder {
    /// Writes a report that is a folder of files (`<prefix>_<stamp>/`) atomically: the files go
    /// into a hidden temporary folder renamed into place when all are written, never over an
    /// existing one. Returns the folder and how many files it holds.
    pub fn write_folder(
        &self,
        prefix: &str,
        fill: impl FnOnce(&mut FolderWriter) -> Result<(), ReportError>,
    ) -> Result<(PathBuf, usize), ReportError> {
        let path = self.folder.join(format!("{prefix}_{}", self.stamp));
        let display = path.display().to_string();
        if path.exists() {
            return Err(ReportError::Exists { path: display });
        }
        let write_error = |source| ReportError::Write {
            path: display.clone(),
            source,
        };
        let temporary = tempfile::Builder::new()
            .prefix(&format!(".{prefix}-"))
            .suffix(".partial")
            .tempdir_in(&self.folder)
            .map_err(write_error)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(temporary.path(), std::fs::Permissions::from_mode(0o700))
                .map_err(write_error)?;
        }
        let mut writer = FolderWriter {
            folder: temporary.path().to_path_buf(),
            display: display.clone(),
            files: 0,
        };
        fill(&mut writer)?;
        if path.exists() {
            return Err(ReportError::Exists { path: display });
        }
        std::fs::rename(temporary.path(), &path).map_err(write_error)?;
        // Renamed: nothing left for the guard to remove.
        let _ = temporary.keep();
        Ok((path, writer.files))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_report_appears_whole_owner_only_and_never_twice() -> Result<(), ReportError> {
        let base = tempfile::tempdir().map_err(|source| ReportError::Folder {
            path: "tmp".into(),
            source,
        })?;
        let folder = ReportFolder::prepare(base.path(), "20260101_000000")?;
        let (path, files) = folder.write_folder("suggested_policies", |writer| {
            for name in ["a.json", "b.json"] {
                writer.file(name, |out| {
                    out.write_all(b"{}\n").map_err(|source| ReportError::Write {
                        path: name.into(),
                        source,
                    })
                })?;
            }
            Ok(())
        })?;
        assert!(path.ends_with("suggested_policies_20260101_000000"));
        assert_eq!(files, 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path.join("a.json")).map(|meta| meta.permissions().mode());
            assert_eq!(mode.ok().map(|mode| mode & 0o777), Some(0o600));
            let folder_mode = std::fs::metadata(&path).map(|meta| meta.permissions().mode());
            assert_eq!(folder_mode.ok().map(|mode| mode & 0o777), Some(0o700));
        }
        let again = folder.write_folder("suggested_policies", |_| Ok(()));
        assert!(matches!(again, Err(ReportError::Exists { .. })));
        let failed = ReportFolder::prepare(&base.path().join("other"), "20260101_000000")?
            .write_folder("suggested_policies", |writer| {
                writer.file("a.json", |_| Ok(()))?;
                Err(ReportError::Serialize {
                    path: "b.json".into(),
                    message: "boom".into(),
                })
            });
        assert!(failed.is_err());
        let left: Vec<_> = std::fs::read_dir(base.path().join("other"))
            .map(|entries| entries.flatten().map(|entry| entry.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "left behind: {left:?}");
        Ok(())
    }

    #[test]
    fn reports_are_owner_only_and_never_overwritten() -> Result<(), ReportError> {
        let base = tempfile::tempdir().map_err(|source| ReportError::Folder {
            path: "tmp".into(),
            source,
        })?;
        let folder = ReportFolder::prepare(&base.path().join("new/sub"), "20260101_000000")?;
        let path = folder.write("iam_audit_report", "csv", |out| {
            out.write_all(b"a,b\n")
                .map_err(|source| ReportError::Write {
                    path: "x".into(),
                    source,
                })
        })?;
        assert!(path.ends_with("iam_audit_report_20260101_000000.csv"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|meta| meta.permissions().mode());
            assert_eq!(mode.ok().map(|mode| mode & 0o777), Some(0o600));
            let folder_mode = std::fs::metadata(base.path().join("new/sub"))
                .map(|meta| meta.permissions().mode() & 0o777);
            assert_eq!(folder_mode.ok(), Some(0o700));
        }
        let again = folder.write("iam_audit_report", "csv", |_| Ok(()));
        assert!(matches!(again, Err(ReportError::Exists { .. })));
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some("a,b\n")
        );
        Ok(())
    }

    #[test]
    fn a_failed_report_leaves_no_file() -> Result<(), ReportError> {
        let base = tempfile::tempdir().map_err(|source| ReportError::Folder {
            path: "tmp".into(),
            source,
        })?;
        let folder = ReportFolder::prepare(base.path(), "20260101_000000")?;
        let failed = folder.write("iam_audit_report", "csv", |out| {
            let _ = out.write_all(b"half");
            Err(ReportError::Serialize {
                path: "csv".into(),
                message: "boom".into(),
            })
        });
        // The error names the file, not the format (regression: it said "cannot serialize csv").
        let message = failed
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("iam_audit_report_20260101_000000.csv") && message.contains("boom"),
            "{message}"
        );
        let names: Vec<_> = std::fs::read_dir(base.path())
            .map(|entries| entries.flatten().map(|entry| entry.file_name()).collect())
            .unwrap_or_default();
        assert!(names.is_empty(), "left behind: {names:?}");
        Ok(())
    }
}
