package uk.saferschools.oversight.publication;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ViewResolver;
import uk.saferschools.oversight.analysis.Charts;
import uk.saferschools.oversight.analysis.PrintedPages;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.panel.Members;
import uk.saferschools.oversight.panel.Papers;
import uk.saferschools.oversight.panel.Recommendations;
import uk.saferschools.oversight.panel.TermsOfReference;
import uk.saferschools.oversight.scrutiny.PublicWords;
import uk.saferschools.oversight.scrutiny.ReviewFindings;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The public site's pages beyond the panel's own: about, the data dashboard, publications, the
 * schedule, documents, body-worn video scrutiny, and the answers to the five FOI questions. These
 * addresses are a public contract: links to them are shared, so they do not change.
 */
@Controller
@PreAuthorize("permitAll()")
class PublicSiteController {

    private final Publications publications;
    private final TermsOfReference terms;
    private final Members members;
    private final Papers papers;
    private final Recommendations recommendations;
    private final PublishedContentCache cache;
    private final ReviewFindings reviewFindings;
    private final PublicWords publicWords;
    private final ViewResolver viewResolver;
    /** The site's address from configuration, never from the request's Host or X-Forwarded-* headers. */
    private final String siteUrl;
    /** The path the site is served under, from the same address. */
    private final String sitePath;

    /**
     * What a page shows of one publication: its figures and forest plot, the monthly trend, the funnel of
     * boroughs, the decision-point chain, strip searches and SSOs against other officers, each chart
     * beside its table, all disclosure-controlled.
     */
    public record Dashboard(Publications.Publication publication, List<Publications.Figure> figures, String chart,
                     List<SnapshotFindings.TrendPoint> trend, String trendChart, PublishedTables tables, String funnelChart,
                     String chainChart, String stripSearchChart, String ssoChart, List<ReviewFindings.Published> reviews) {
    }

    PublicSiteController(Publications publications, TermsOfReference terms, Members members, Papers papers,
                         Recommendations recommendations, PublishedContentCache cache, ReviewFindings reviewFindings,
                         PublicWords publicWords,
                         // lazily: the commands start the application without the web, where there is no view resolver
                         @Lazy
                         @Qualifier("thymeleafViewResolver")
                         ViewResolver viewResolver,
                         @Value("${oversight.site-url:http://localhost:8080}") String siteUrl) {
        this.siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        String path = URI.create(this.siteUrl).getRawPath();
        this.sitePath = path == null ? "" : path;
        this.cache = cache;
        this.reviewFindings = reviewFindings;
        this.publicWords = publicWords;
        this.viewResolver = viewResolver;
        this.publications = publications;
        this.terms = terms;
        this.members = members;
        this.papers = papers;
        this.recommendations = recommendations;
    }

    @GetMapping("/about")
    String about(Model model) {
        model.addAttribute("approved", terms.approved().orElse(null));
        model.addAttribute("members", members.servingOn(LocalDate.now(LondonTime.LONDON), true).stream()
                .filter(m -> m.role().countsForQuorum()).count());
        return "publication/about";
    }

    @GetMapping("/data")
    String data(Model model, HttpServletRequest request, HttpServletResponse response) {
        cache.get("page:data", () -> publications.latestForChildren().map(this::dashboard)).ifPresent(d -> {
            model.addAttribute("d", d);
            model.addAttribute("findings", findings(d, request, response));
        });
        return "publication/data";
    }

    /**
     * The figures, charts and tables of a publication as HTML, made once per version of the data: they are
     * the same for everyone and the larger part of the work of a page.
     */
    private String findings(Dashboard d, HttpServletRequest request, HttpServletResponse response) {
        return cache.get("html:findings:" + d.publication().id(),
                () -> render("publication/findings", Map.of("d", d), request, response));
    }

    /**
     * A template made into a string for everyone, so nothing of the request may show in it: numbers and
     * dates are written in {@link Locale#UK} whatever {@code Accept-Language} says (the application's
     * locale is fixed to it too), and links start with the path of the configured site address, whatever
     * an {@code X-Forwarded-Prefix} says. Its content type and encoding stay off the response.
     */
    private String render(String view, Map<String, ?> model, HttpServletRequest request, HttpServletResponse response) {
        var page = new RenderedPage(response);
        var everyone = new HttpServletRequestWrapper(request) {
            @Override
            public String getContextPath() {
                return sitePath;
            }

            @Override
            public Locale getLocale() {
                return Locale.UK;
            }

            @Override
            public Enumeration<Locale> getLocales() {
                return Collections.enumeration(List.of(Locale.UK));
            }
        };
        try {
            viewResolver.resolveViewName(view, Locale.UK).render(model, everyone, page);
        } catch (Exception e) {
            throw new IllegalStateException("Could not make " + view, e);
        }
        return page.text();
    }

    /**
     * A response that a template is written into as text, never to the wire: its writer keeps characters
     * (so ’ – — stay what they are, whatever encoding the real response has yet), and its content type,
     * encoding and locale stay off the real response.
     */
    static final class RenderedPage extends HttpServletResponseWrapper {
        private final StringWriter text = new StringWriter();
        private final PrintWriter writer = new PrintWriter(text);

        RenderedPage(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            throw new IllegalStateException("A rendered page is written as text");
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public void setContentType(String type) {
        }

        @Override
        public void setCharacterEncoding(String encoding) {
        }

        @Override
        public void setLocale(Locale locale) {
        }

        @Override
        public void setContentLength(int length) {
        }

        @Override
        public void setContentLengthLong(long length) {
        }

        @Override
        public void flushBuffer() {
            writer.flush();
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        String text() {
            writer.flush();
            return text.toString();
        }
    }

    private Dashboard dashboard(Publications.Publication p) {
        PublishedTables tables = publications.tables(p);
        var figures = tables.figures();
        var trend = tables.trend(p.periodFrom(), p.periodTo());
        var funnel = tables.funnel();
        // the funnel plots only the boroughs whose count may be shown, around the force area's published rate
        String funnelChart = funnel == null ? "" : Charts.funnel("funnel-boroughs", "borough",
                "children of the " + funnel.group() + " group", funnel.points().stream().filter(b -> b.rate() != null)
                        .map(b -> new SnapshotFindings.FunnelPoint(funnel.group(), b.name(), Long.parseLong(b.events()), b.population(),
                                b.rate(), b.limits().lower95(), b.limits().upper95(), b.limits().lower998(), b.limits().upper998()))
                        .toList(),
                funnel.overallRate());
        // shares published, NaN where not: only the shares enter the chart
        var chainRows = tables.chain().stream().filter(r -> !r.chartShares().isEmpty())
                .map(r -> new SnapshotFindings.Chain(r.group(), IntStream.range(0, CHAIN_STAGES.size())
                        .mapToObj(i -> new SnapshotFindings.Stage(CHAIN_STAGES.get(i), 0, null, r.chartShares().get(i), null, null))
                        .toList())).toList();
        String chainChart = chainRows.stream().anyMatch(r -> r.group().equals(tables.reference()))
                ? Charts.chain(chainRows, tables.reference()) : "";
        return new Dashboard(p, figures, Charts.forestPlot(figures.stream().filter(f -> f.lower() != null)
                .map(f -> ratio(f.group(), f.ratio(), f.lower(), f.upper())).toList()), trend,
                trend.isEmpty() ? "" : Charts.trend("trend-month", "Stops and searches per 1,000 by month", trend,
                        tables.period() == null ? List.of() : tables.period().missing().stream().map(Object::toString).toList()),
                tables, funnelChart, chainChart, stripSearchChart(tables), ssoChart(tables),
                reviewFindings.overlapping(p.periodFrom(), p.periodTo()));
    }

    private static final List<String> CHAIN_STAGES = List.of("searched", "arrested",
            "more than outer clothing removed");

    /** A ratio with its interval, as a chart of ratios takes it. */
    private static RateRow ratio(String group, double ratio, double lower, double upper) {
        return new RateRow("", group, 0, null, null, ratio, lower, upper, "reliable");
    }

    private static String stripSearchChart(PublishedTables tables) {
        var shares = tables.stripSearches().rows().stream().filter(r -> r.share() != null).toList();
        return shares.isEmpty() ? "" : Charts.shares("strip-search-adults",
                "Share of more thorough and strip searches of children with an appropriate adult present",
                "share of searches with an appropriate adult present", shares.stream().map(PublishedTables.StripSearchRow::group).toList(),
                shares.stream().map(r -> new double[] {r.share().value(), r.share().interval().lower(), r.share().interval().upper()})
                        .toList());
    }

    private static String ssoChart(PublishedTables tables) {
        var ratios = tables.sso().stream().filter(r -> r.estimate() != null)
                .map(r -> ratio(r.group(), r.estimate().value(), r.estimate().interval().lower(), r.estimate().interval().upper()))
                .toList();
        return ratios.isEmpty() ? "" : Charts.forestPlot("sso-ratios",
                "Each group's share of what Safer Schools Officers did, against its share of what other officers did",
                "ratio of shares", ratios);
    }

    @GetMapping("/publications")
    String publications(Model model) {
        model.addAttribute("publications", cache.get("publications", publications::published).stream()
                .map(p -> published(p.id())).toList());
        return "publication/publications";
    }

    @GetMapping("/publications/{id}")
    String publication(@PathVariable long id, Model model, HttpServletRequest request, HttpServletResponse response) {
        Dashboard d = published(id);
        model.addAttribute("d", d);
        model.addAttribute("findings", findings(d, request, response));
        return "publication/publication";
    }

    /** A publication's page, made once per version; only a publication that exists is kept, so no id fills the cache. */
    private Dashboard published(long id) {
        Publications.Publication p = cache.get("publications", publications::published).stream().filter(x -> x.id() == id)
                .findFirst().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return cache.get("page:publication:" + id, () -> dashboard(p));
    }

    @GetMapping("/publications/{id}.csv")
    ResponseEntity<byte[]> publicationCsv(@PathVariable long id) {
        Dashboard d = published(id);
        return csv("publication-" + id + ".csv", cache.get("csv:publication:" + id, () -> d.tables().csv("figures")));
    }

    /**
     * The publication printed as PDF, for the reports archive: the same figures, charts, tables and
     * caveats as its page, made from the same template fragment, once per version of the data. Its
     * address and the base of its links are the configured site address, never the request's host.
     */
    @GetMapping("/publications/{id}.pdf")
    ResponseEntity<byte[]> publicationPdf(@PathVariable long id, HttpServletRequest request, HttpServletResponse response) {
        Dashboard d = published(id);
        byte[] pdf = cache.get("pdf:publication:" + id, () -> PrintedPages.print(
                absoluteLinks(render("publication/publication-print", Map.of("d", d, "address", siteUrl + "/publications/" + id,
                        "findings", findings(d, request, response)), request, response)), siteUrl + "/"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("publication-" + id + ".pdf").build().toString())
                .body(pdf);
    }

    /** A printed page's links made whole on the configured site: a PDF is read away from the site, with no address to resolve them against. */
    private String absoluteLinks(String page) {
        Document document = Jsoup.parse(page, siteUrl + "/");
        document.select("a[href]").forEach(a -> a.attr("href", a.absUrl("href")));
        return document.outerHtml();
    }

    /** One of the publication's other tables (boroughs, decision points, strip searches, SSOs) as CSV. */
    @GetMapping("/publications/{id}/{table:boroughs|decision-points|strip-searches|sso}.csv")
    ResponseEntity<byte[]> publicationTableCsv(@PathVariable long id, @PathVariable String table) {
        // Made once per version of the data, like the page: a visitor with a cookie is never given the kept
        // copy, so would otherwise have the tables worked out again on every request.
        String csv = published(id).tables().csv(table);
        if (csv == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This publication has no " + table + " table");
        }
        return csv("publication-" + id + "-" + table + ".csv", csv);
    }

    private static ResponseEntity<byte[]> csv(String filename, String body) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/schedule")
    String schedule(Model model) {
        model.addAttribute("schedule", publications.schedule());
        return "publication/schedule";
    }

    @GetMapping("/documents")
    String documents(Model model) {
        model.addAttribute("papers", papers.list(null, Actor.ANONYMOUS));
        return "publication/documents";
    }

    @GetMapping("/scrutiny")
    String scrutiny(Model model) {
        model.addAttribute("bwv", coverage(model));
        model.addAttribute("findings", cache.get("scrutiny:findings", reviewFindings::published));
        model.addAttribute("words", cache.get("scrutiny:words", publicWords::published));
        return "publication/scrutiny";
    }

    /**
     * Body-worn video coverage from the latest published analysis of children, not counted live: a count
     * that changes with every import would let its changes be read off, one record at a time. The
     * publication's tables go with it, for where the figures come from (synthetic or not, their months)
     * and why they are left out when they are.
     */
    private PublishedTables.FootageCoverage coverage(Model model) {
        var latest = publications.latestForChildren().map(p -> published(p.id()));
        latest.ifPresent(d -> {
            model.addAttribute("coveragePublication", d.publication());
            model.addAttribute("coverageTables", d.tables());
        });
        return latest.map(d -> d.tables().coverage()).orElse(null);
    }

    /** The five questions of FOI 01.FOI.23.028560, answered from what the database holds now. */
    @GetMapping("/questions")
    String questions(Model model) {
        model.addAttribute("findings", cache.get("scrutiny:findings", reviewFindings::published));
        model.addAttribute("approved", terms.approved().orElse(null));
        model.addAttribute("draft", terms.latestInProgress().orElse(null));
        var serving = members.servingOn(LocalDate.now(LondonTime.LONDON), true);
        // One definition of a member everywhere, the quorum's: the chair and members. The secretariat and the
        // police liaison serve the panel but are not its members.
        var panel = serving.stream().filter(m -> m.role().countsForQuorum()).toList();
        model.addAttribute("members", panel);
        model.addAttribute("supporting", serving.stream().filter(m -> !m.role().countsForQuorum()).toList());
        model.addAttribute("organisations", panel.stream().map(m -> m.organisation()).distinct().toList());
        model.addAttribute("firstMemberFrom", panel.stream().map(Members.Member::termFrom).min(LocalDate::compareTo).orElse(null));
        terms.approved().ifPresent(v -> v.sections().forEach(section -> {
            if (section.section() == TermsOfReference.Section.SCOPE) {
                model.addAttribute("scope", section.body());
            } else if (section.section() == TermsOfReference.Section.REVIEW_DATE) {
                model.addAttribute("reviewDate", section.body());
            }
        }));
        LocalDate today = LocalDate.now(LondonTime.LONDON);
        model.addAttribute("upcoming", publications.schedule().stream().filter(s -> s.publishedOn() == null).toList());
        model.addAttribute("published", publications.published());
        model.addAttribute("documents", papers.list(null, Actor.ANONYMOUS));
        model.addAttribute("recommendations", recommendations.visibleTo(Actor.ANONYMOUS).size());
        model.addAttribute("bwv", coverage(model));
        model.addAttribute("today", today);
        return "publication/questions";
    }
}
