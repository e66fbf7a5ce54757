-- A body-worn video reference names the police's footage of one encounter: an identifier, like the record
-- reference. From now on it is stored only as a keyed hash (HMAC-SHA-256, context 'bwv'). References
-- stored in clear before this are replaced by their hash when the application starts (KeyedBwvReferences),
-- because only the application knows the key. Reports keep no identifier: withhold those already there.
update import_problem set value = '(an identifier, withheld)' where field = 'bwv_reference' and value <> '';

comment on column power_use.bwv_reference is 'HMAC-SHA-256 of the body-worn video reference (context bwv), never the reference itself';
