-- What joint protection withheld from each publication as well (issue 14, ADR 0010): the names of the figures
-- (PublishedTables.figureName) withheld so that nothing withheld in any publication can be worked out from all
-- of them. Recorded when the publication is made, so its public figures never change, even if the way joint
-- protection is worked out changes in a later release. A publication made before this table gets its row when
-- it is first read, worked out from the publications before it. Never changed and never removed.
create table publication_joint_protection (
    publication_id bigint primary key references publication (id),
    also_withheld  text[] not null,
    protected_with bigint[] not null,
    recorded_at    timestamptz not null default now()
);
create trigger publication_joint_protection_append_only before update or delete on publication_joint_protection
    for each row execute function panel_text_append_only();
