package uk.saferschools.oversight.publication;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/** An ETag on public pages and the open data API, so that a client or cache can ask "has it changed?" and get a 304. */
@Configuration
class PublicCaching {

    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> publicEtags() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(new ShallowEtagHeaderFilter());
        registration.addUrlPatterns("/api/v1/*", "/data", "/publications", "/publications/*", "/recommendations",
                "/recommendations/*", "/meetings", "/meetings/*", "/members", "/terms-of-reference", "/schedule", "/documents",
                "/questions", "/about", "/scrutiny");
        registration.setName("publicEtags");
        return registration;
    }
}
