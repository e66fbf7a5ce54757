package uk.saferschools.oversight.records;

/** Told how far an import has got, for progress bars on the command line and the upload page. */
@FunctionalInterface
public interface ImportProgress {

    ImportProgress NONE = (bytesRead, totalBytes, rows) -> {
    };

    void advanced(long bytesRead, long totalBytes, long rows);
}
