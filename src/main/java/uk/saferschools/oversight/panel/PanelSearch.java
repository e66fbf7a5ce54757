package uk.saferschools.oversight.panel;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.Roles;

/**
 * Full-text search (PostgreSQL, English stemming) across the content the searcher may see:
 * recommendations with the police responses, meetings' agendas and minutes, papers (by title) and
 * publications (title and summary). The public, and the police, find only issued recommendations,
 * published minutes and public papers; the panel finds drafts and its own papers too.
 */
@Service
class PanelSearch {

    /**
     * One hit: what it is, its title, where it is, and the matching words in context, with each matching
     * word between {@link #START} and {@link #STOP} (control characters, taken out of the text searched, so
     * that no text can fake a highlight).
     */
    public record Hit(String kind, String title, String path, String context) {

        /** The context as plain text and highlighted words, in order, for the page to escape and mark up. */
        public List<Part> snippet() {
            List<Part> parts = new ArrayList<>();
            int at = 0;
            while (at < context.length()) {
                int start = context.indexOf(START, at);
                if (start < 0) {
                    parts.add(new Part(context.substring(at), false));
                    break;
                }
                int stop = context.indexOf(STOP, start);
                if (stop < 0) {
                    stop = context.length();
                }
                if (start > at) {
                    parts.add(new Part(context.substring(at, start), false));
                }
                parts.add(new Part(context.substring(start + 1, stop), true));
                at = stop + 1;
            }
            return parts;
        }

        /** The context as it reads, without markers. */
        public String text() {
            return context.replace(String.valueOf(START), "").replace(String.valueOf(STOP), "");
        }
    }

    /** A piece of a snippet: plain text, or a word that matched. */
    public record Part(String text, boolean highlighted) {
    }

    static final char START = '\u0002';
    static final char STOP = '\u0003';

    private final JdbcClient jdbc;

    PanelSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Hit> search(String words, Actor viewer) {
        if (words == null || words.isBlank()) {
            return List.of();
        }
        boolean panel = Roles.panel(viewer);
        String recommendationPath = panel ? "/panel/recommendations/" : "/recommendations/";
        String meetingPath = panel ? "/panel/meetings/" : "/meetings/";
        return jdbc.sql("""
                with q as (select websearch_to_tsquery('english', :words) as query),
                recommendations as (
                    select 'Recommendation' as kind, r.reference || ': ' || t.title as title, :recommendationPath || r.reference as path,
                           concat_ws(' ', t.title, t.body, p.reasons) as document, r.id as sort
                    from recommendation r
                    join lateral (select title, body from recommendation_text where recommendation_id = r.id
                                  order by version desc limit 1) t on true
                    left join lateral (select reasons from police_response where recommendation_id = r.id
                                       order by version desc limit 1) p on true
                    where :panel or r.status not in ('DRAFT', 'AGREED')),
                meetings as (
                    select 'Meeting' as kind, m.title, :meetingPath || m.id as path,
                           concat_ws(' ', m.title, m.place, (select string_agg(a.title || ' ' || coalesce(a.theme, ''), ' ')
                                                             from agenda_item a where a.meeting_id = m.id),
                                     case when :panel or m.minutes_state = 'PUBLISHED' then
                                         (select body from minutes_text where meeting_id = m.id order by version desc limit 1) end)
                               as document, m.id as sort
                    from meeting m),
                papers as (
                    select 'Paper' as kind, p.title, case when :panel then '/panel/papers/' else '/papers/' end || p.id as path,
                           concat_ws(' ', p.title, p.file_name) as document, p.id as sort
                    from paper p where :panel or p.public),
                publications as (
                    select 'Publication' as kind, p.title, '/publications/' || p.id as path,
                           concat_ws(' ', p.title, p.summary) as document, p.id as sort
                    from publication p),
                everything as (select * from recommendations union all select * from meetings
                               union all select * from papers union all select * from publications)
                select kind, title, path,
                       ts_headline('english', translate(document, chr(2) || chr(3), ''), q.query,
                                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=10') as context
                from everything, q
                where to_tsvector('english', document) @@ q.query
                order by ts_rank(to_tsvector('english', document), q.query) desc, sort desc
                limit 50""")
                .param("words", words.strip()).param("panel", panel).param("recommendationPath", recommendationPath)
                .param("meetingPath", meetingPath)
                .query((rs, n) -> new Hit(rs.getString("kind"), rs.getString("title"), rs.getString("path"), rs.getString("context")))
                .list();
    }
}
