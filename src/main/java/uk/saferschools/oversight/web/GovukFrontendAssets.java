package uk.saferschools.oversight.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.util.DigestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * govuk-frontend from its WebJar, never from a CDN. This is not a GOV.UK service, so its stylesheet
 * is served with the GDS Transport typeface replaced by Arial and Helvetica, and its fonts and crown
 * images are not served at all.
 */
@Controller
@PreAuthorize("permitAll()")
class GovukFrontendAssets implements WebMvcConfigurer {

    static final String GDS_TRANSPORT_STACK = "GDS Transport,arial,sans-serif";
    static final String OUR_STACK = "arial,helvetica,sans-serif";

    private final String distribution;
    private final byte[] stylesheet;
    private final String stylesheetEtag;

    GovukFrontendAssets(@Value("${oversight.govuk-frontend.version}") String version) {
        this.distribution = "classpath:/META-INF/resources/webjars/govuk-frontend/" + version + "/dist/govuk/";
        String css = read("/META-INF/resources/webjars/govuk-frontend/" + version + "/dist/govuk/govuk-frontend.min.css");
        css = css.replaceAll("@font-face\\{[^}]*}", "")
                .replace(GDS_TRANSPORT_STACK, OUR_STACK)
                .replace("font-family:GDS Transport", "font-family:" + OUR_STACK)
                .replaceAll("/\\*# sourceMappingURL=[^*]*\\*/", "");
        this.stylesheet = css.getBytes(StandardCharsets.UTF_8);
        this.stylesheetEtag = "\"" + DigestUtils.md5DigestAsHex(stylesheet) + "\"";
    }

    @GetMapping(value = "/govuk/govuk-frontend.min.css", produces = "text/css")
    ResponseEntity<byte[]> stylesheet() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .eTag(stylesheetEtag)
                .body(stylesheet);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/govuk/*.js")
                .addResourceLocations(distribution)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic());
    }

    private static String read(String resource) {
        try (InputStream in = GovukFrontendAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("govuk-frontend is missing from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
