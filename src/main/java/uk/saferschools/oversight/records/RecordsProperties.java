package uk.saferschools.oversight.records;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxFileSize the largest file accepted ({@code OVERSIGHT_MAX_IMPORT_SIZE}, default 1GB)
 * @param maxFieldSize the longest field or line accepted, in characters (default 100,000)
 */
@ConfigurationProperties("oversight.records")
public record RecordsProperties(DataSize maxFileSize, Integer maxFieldSize) {

    public RecordsProperties {
        maxFileSize = maxFileSize == null ? DataSize.ofGigabytes(1) : maxFileSize;
        maxFieldSize = maxFieldSize == null ? 100_000 : maxFieldSize;
    }
}
