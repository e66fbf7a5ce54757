package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Imports any records file (police.uk stop and search, extended records, schools, SSO deployments,
 * school rolls), telling its format from its header, through the one import gate ({@link ImportBatches}):
 * every row checked first, a file imported whole or not at all (or its invalid rows quarantined when
 * asked), the same file never twice, every import audited.
 */
@Service
public class TabularImports {

    private final ImportBatches gate;
    private final Map<RecordFormat, ImportPipeline> pipelines = new EnumMap<>(RecordFormat.class);

    TabularImports(ImportBatches gate, List<ImportPipeline> pipelines) {
        this.gate = gate;
        pipelines.forEach(p -> this.pipelines.put(p.format(), p));
    }

    /** Imports any kind of records file, telling the kind from its header; police.uk when it is none of ours. */
    public ImportOutcome importFile(Path file, String name, ImportOptions options, ImportProgress progress) {
        RecordFormat format;
        try {
            format = RecordFormat.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gate.admit(pipelines.get(format), file, name, options, progress);
    }
}
