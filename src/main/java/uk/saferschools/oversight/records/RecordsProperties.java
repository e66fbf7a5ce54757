package uk.saferschools.oversight.records;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxFileSize the largest file accepted ({@code OVERSIGHT_MAX_IMPORT_SIZE}, default 1GB)
 * @param maxFieldSize the longest field or line accepted, in characters (default 100,000)
 * @param uploadDirectory where an uploaded record file waits for its import ({@code OVERSIGHT_UPLOAD_DIRECTORY});
 *                        blank means the system's temporary directory
 */
@ConfigurationProperties("oversight.records")
public record RecordsProperties(DataSize maxFileSize, Integer maxFieldSize, Path uploadDirectory) {

    public RecordsProperties {
        maxFileSize = maxFileSize == null ? DataSize.ofGigabytes(1) : maxFileSize;
        maxFieldSize = maxFieldSize == null ? 100_000 : maxFieldSize;
        uploadDirectory = uploadDirectory == null || uploadDirectory.toString().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir")) : uploadDirectory;
    }
}
