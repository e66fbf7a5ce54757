package uk.saferschools.oversight.identity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Who may reach what. Pages are closed unless listed here as public; each controller also states its
 * role with {@code @PreAuthorize}, and a test checks that every controller does.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(IdentityProperties.class)
class SecurityConfiguration {

    /** Pages and files anyone may see without signing in. */
    static final String[] PUBLIC_PATHS = {
            "/", "/accessibility", "/recommendations", "/recommendations/*", "/meetings", "/meetings/*", "/members", "/search", "/terms-of-reference", "/terms-of-reference/**", "/papers/*", "/about", "/data", "/publications", "/publications/*", "/publications/*/*", "/schedule", "/documents", "/scrutiny",
            "/questions", "/api", "/api/v1/**", "/sign-in", "/login", "/error", "/favicon.ico", "/favicon.svg",
            "/govuk/**", "/css/**", "/js/**", "/images/**", "/actuator/health", "/actuator/health/**"
    };

    /**
     * No inline script or style, nothing from elsewhere, no framing. Pages must work with this: the
     * only script is our own file, which starts govuk-frontend.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    @ConditionalOnWebApplication
    SecurityFilterChain securityFilterChain(HttpSecurity http, IdentityProperties properties, Accounts accounts,
            SignInAttempts signInAttempts) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .requestMatchers("/admin/**").hasRole(Role.ADMINISTRATOR.name())
                        .requestMatchers("/audit/**").hasRole(Role.AUDITOR.name())
                        .requestMatchers("/records/**").hasRole(Role.ANALYST.name())
                        .requestMatchers("/analysis/**").hasAnyRole(Role.ANALYST.name(), Role.PANEL_MEMBER.name(),
                                Role.SECRETARIAT.name())
                        .requestMatchers("/manage/**").hasRole(Role.SECRETARIAT.name())
                        .requestMatchers("/panel/**").hasAnyRole(Role.PANEL_MEMBER.name(), Role.SECRETARIAT.name(),
                                Role.POLICE_LIAISON.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/sign-in")
                        .loginProcessingUrl("/sign-in")
                        .failureUrl("/sign-in?error")
                        .defaultSuccessUrl("/", false))
                .logout(logout -> logout
                        .logoutUrl("/sign-out")
                        .addLogoutHandler((request, response, authentication) ->
                                signInAttempts.signedOut(authentication, request.getRemoteAddr()))
                        .logoutSuccessUrl("/sign-in?signed-out"))
                .anonymous(anonymous -> anonymous.authorities(Role.PUBLIC.authority()))
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                // Sessions are also ended when an account's access is withdrawn: see AccountSessions
                .addFilterBefore(new AbsoluteSessionLifetime(properties.session().absoluteLifetime()),
                        SecurityContextHolderFilter.class)
                .addFilterBefore(new AccountStandingFilter(accounts), AuthorizationFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny())
                        .permissionsPolicyHeader(permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }

    /** The name of the session cookie. */
    static final String SESSION_COOKIE = "OVERSIGHT_SESSION";

    /**
     * The session cookie (sessions themselves are in PostgreSQL, by Spring Session JDBC): not readable
     * by scripts, not sent with cross-site posts, and marked Secure whenever the request came over HTTPS.
     */
    @Bean
    CookieSerializer sessionCookie() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(SESSION_COOKIE);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setCookiePath("/");
        return cookie;
    }

    /** A chair may do all a panel member may; everyone signed in may do all the public may. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        RoleHierarchyImpl.Builder builder = RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.CHAIR.name()).implies(Role.PANEL_MEMBER.name());
        for (Role role : Role.assignable()) {
            builder = builder.role(role.name()).implies(Role.PUBLIC.name());
        }
        return builder.build();
    }

    /** bcrypt today, and able to read any older scheme by its {id} prefix should we move on. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
