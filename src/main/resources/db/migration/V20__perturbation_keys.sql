-- The cell key method (ADR 0017): every extended record carries a fixed secret record key, an integer in
-- [0, 2^32), the first 32 bits of the keyed hash (HMAC-SHA-256, context 'cell-key') of its identity (force,
-- record_key, power), so a re-import of the same record gives it the same key. A count's cell key is the sum
-- of its records' keys modulo 2^32, and picks its small published change from the perturbation table.
-- Only the application knows the hashing key, so the keys of records kept before this are filled in when it
-- starts (PerturbationKeys). The keys are never published.
alter table power_use add column perturbation_key bigint check (perturbation_key between 0 and 4294967295);

comment on column power_use.perturbation_key is 'Secret record key of the cell key method: first 32 bits of HMAC-SHA-256 (context cell-key) of force, record_key and power; never published';
