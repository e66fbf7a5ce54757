package uk.saferschools.oversight.publication;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Public pages and open data answers as an anonymous visitor gets them, kept whole (status, headers and
 * body) for as long as what the public sees is the same ({@link PublishedContentCache#version()}: the
 * latest change to public content and the London date). A visitor asking again for an unchanged answer
 * costs one indexed query; the page is not made again and the security filters do not run again, since
 * the kept answer already carries every header they wrote.
 * <p>
 * Only what is the same for everyone is kept: GET requests with no cookie (so no session) and no
 * {@code Authorization} header, for the addresses that carry an ETag and a Last-Modified time (the
 * public answers), answered 200 without setting a cookie or starting a session. A signed-in user's
 * request never reads or writes it. {@code If-None-Match} and {@code If-Modified-Since} are answered from
 * the kept headers.
 * <p>
 * The key is everything an answer varies by, and no more: the address (its path only: no public answer
 * reads a query parameter, so {@code ?n=1}, {@code ?n=2}… are one answer, not a new copy each) and the
 * representation the open data API negotiates (JSON or CSV, read from every Accept header by
 * {@link OpenDataApi#wantsCsv}, as the answer itself is; pages do not vary by Accept). The language, host and forwarded headers are
 * not in it because no public answer depends on them (fixed locale, configured site address). A path
 * written another way than the plain one (encoded, with {@code ;} parameters, an empty segment or a
 * number with a leading zero) is answered afresh and never kept, so the copies are bounded by the
 * site's content, and they are bounded in bytes too: the least recently used go first.
 * <p>
 * A public answer that would read a query parameter, or depend on another header, must add it to
 * {@link Filter#key}.
 */
@Configuration
class AnonymousResponseCache {

    /** After Spring Session (which reads the cookie) and before Spring Security (order -100). */
    static final int ORDER = -150;
    private static final long MOST_BYTES = 64L * 1024 * 1024;
    private static final int LARGEST_BODY = 2 * 1024 * 1024;
    private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern LEADING_ZERO = Pattern.compile("/0[0-9]");

    @Bean
    FilterRegistrationBean<Filter> anonymousAnswersFilter(PublishedContentCache cache) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter(cache));
        registration.addUrlPatterns(PublicCaching.PUBLIC_ANSWERS);
        registration.setName("anonymousAnswers");
        registration.setOrder(ORDER);
        return registration;
    }

    /** An answer as sent: its headers (no cookie) and body, for one version of the data. */
    private record Answer(String version, List<Map.Entry<String, String>> headers, String contentType, byte[] body,
                          String etag, long lastModified) {
    }

    static final class Filter extends OncePerRequestFilter {

        private final PublishedContentCache cache;
        private final LeastRecentlyUsed<Answer> answers = new LeastRecentlyUsed<>(MOST_BYTES, Filter::sizeOf);
        private final AtomicLong answeredFromKeptCopy = new AtomicLong();

        Filter(PublishedContentCache cache) {
            this.cache = cache;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"GET".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null || hasSession(request)) {
                chain.doFilter(request, response);
                return;
            }
            String key = key(request);
            if (key == null) {
                chain.doFilter(request, response);
                return;
            }
            String version = cache.version(request);
            Answer answer = answers.get(key);
            if (answer != null && answer.version().equals(version)) {
                answeredFromKeptCopy.incrementAndGet();
                send(answer, request, response);
                return;
            }
            ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, wrapper);
            // Spring Session writes its cookie after this filter has returned, so the answer cannot show it yet
            if (request.getSession(false) == null) {
                keep(key, version, wrapper);
            }
            wrapper.copyBodyToResponse();
        }

        /** What the answer to this request varies by; null for a path not written the plain way, which is not kept. */
        static String key(HttpServletRequest request) {
            String path = request.getRequestURI();
            if (!PLAIN_PATH.matcher(path).matches() || LEADING_ZERO.matcher(path).find()) {
                return null;
            }
            // the open data API's representation, for every address (whatever the context path): the pages do not vary
            // by Accept, so this costs them at most a second copy
            return path + (OpenDataApi.wantsCsv(request) ? " csv" : " json");
        }

        /** How many bytes of answers are kept now. */
        long keptBytes() {
            return answers.bytes();
        }

        private static long sizeOf(Answer answer) {
            long size = answer.body().length + 256;
            for (Map.Entry<String, String> header : answer.headers()) {
                size += 2L * (header.getKey().length() + header.getValue().length()) + 64;
            }
            return size;
        }

        /** How many requests were answered from a kept copy since the start. */
        long answeredFromKeptCopy() {
            return answeredFromKeptCopy.get();
        }

        private void keep(String key, String version, ContentCachingResponseWrapper wrapper) {
            String etag = wrapper.getHeader(HttpHeaders.ETAG);
            String lastModified = wrapper.getHeader(HttpHeaders.LAST_MODIFIED);
            if (wrapper.getStatus() != HttpServletResponse.SC_OK || etag == null || lastModified == null
                    || wrapper.getHeader(HttpHeaders.SET_COOKIE) != null || wrapper.getContentSize() > LARGEST_BODY) {
                return;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String name : wrapper.getHeaderNames()) {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                    wrapper.getHeaders(name).forEach(value -> headers.add(Map.entry(name, value)));
                }
            }
            answers.put(key, new Answer(version, List.copyOf(headers), wrapper.getContentType(), wrapper.getContentAsByteArray(),
                    etag, ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli()));
        }

        private static void send(Answer answer, HttpServletRequest request, HttpServletResponse response) throws IOException {
            answer.headers().forEach(h -> response.addHeader(h.getKey(), h.getValue()));
            String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
            boolean unchanged = ifNoneMatch != null ? matches(ifNoneMatch, answer.etag())
                    : PublicCaching.LastModified.ifModifiedSince(request) >= answer.lastModified();
            if (unchanged) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(answer.contentType());
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        }

        private static boolean matches(String ifNoneMatch, String etag) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag) || ("W/" + t).equals(etag)) {
                    return true;
                }
            }
            return false;
        }

        /** Any cookie: the product sets only its session cookie, so a request with none has no session. */
        private static boolean hasSession(HttpServletRequest request) {
            return request.getHeader(HttpHeaders.COOKIE) != null;
        }
    }
}
