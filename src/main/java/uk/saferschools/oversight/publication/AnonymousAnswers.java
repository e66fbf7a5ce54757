package uk.saferschools.oversight.publication;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Public pages and open data answers as an anonymous visitor gets them, kept whole (status, headers and
 * body) for as long as the data is the same: the version is the head of the audit trail, which every
 * change the product makes moves, and the London date. A visitor asking again for an unchanged answer
 * costs one indexed query; the page is not made again and the security filters do not run again, since
 * the kept answer already carries every header they wrote.
 * <p>
 * Only what is the same for everyone is kept: GET requests with no cookie (so no session) and no
 * {@code Authorization} header, for the addresses that carry an ETag and a Last-Modified time (the
 * public answers), answered 200 without setting a cookie. A signed-in user's request never reads or
 * writes it. {@code If-None-Match} and {@code If-Modified-Since} are answered from the kept headers.
 */
@Configuration
class AnonymousAnswers {

    /** After Spring Session (which reads the cookie) and before Spring Security (order -100). */
    static final int ORDER = -150;
    private static final int MOST_ENTRIES = 300;
    private static final int LARGEST_BODY = 2 * 1024 * 1024;

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
        private final Map<String, Answer> answers = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong answeredFromKeptCopy = new java.util.concurrent.atomic.AtomicLong();

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
            String key = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString())
                    + " " + request.getHeader(HttpHeaders.ACCEPT);
            String version = cache.version();
            Answer answer = answers.get(key);
            if (answer != null && answer.version().equals(version)) {
                answeredFromKeptCopy.incrementAndGet();
                send(answer, request, response);
                return;
            }
            ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, wrapper);
            keep(key, version, wrapper);
            wrapper.copyBodyToResponse();
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
            if (answers.size() >= MOST_ENTRIES) {
                answers.clear();
            }
            answers.put(key, new Answer(version, List.copyOf(headers), wrapper.getContentType(), wrapper.getContentAsByteArray(),
                    etag, java.time.ZonedDateTime.parse(lastModified, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
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
