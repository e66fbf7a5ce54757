package uk.saferschools.oversight.records;

import java.nio.file.Path;
import org.springframework.stereotype.Service;

/**
 * Imports police.uk stop-and-search files, whatever their first line says, through the one import gate
 * ({@link ImportBatches}): each whole or not at all, never twice, a newer file for a force and month
 * replacing the older one in one transaction ({@link PoliceUkPipeline}).
 */
@Service
public class RecordImports {

    private final ImportBatches gate;
    private final PoliceUkPipeline policeUk;

    RecordImports(ImportBatches gate, PoliceUkPipeline policeUk) {
        this.gate = gate;
        this.policeUk = policeUk;
    }

    /** Imports one police.uk file; {@code name} is how it is called in messages and the history. */
    public ImportOutcome importPoliceUk(Path file, String name, ImportOptions options, ImportProgress progress) {
        return gate.admit(policeUk, file, name, options, progress);
    }
}
