-- A meeting paper may be for one item of its meeting's agenda, chosen when the paper is added. The foreign
-- key carries the meeting with the item, so a paper can never point at an item of another meeting.
alter table agenda_item add constraint agenda_item_id_meeting_id unique (id, meeting_id);
alter table paper add column agenda_item_id bigint;
alter table paper add constraint paper_agenda_item_of_its_meeting
    foreign key (agenda_item_id, meeting_id) references agenda_item (id, meeting_id);
alter table paper add constraint paper_agenda_item_needs_its_meeting check (agenda_item_id is null or meeting_id is not null);
comment on column paper.agenda_item_id is 'The agenda item of the paper''s meeting it is for, if any; public only with the paper';
