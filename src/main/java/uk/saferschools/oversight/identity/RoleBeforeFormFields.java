package uk.saferschools.oversight.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may use a page or form is decided before a single form field is read. A controller's
 * {@code @PreAuthorize} is checked when its method is called, which is after Spring has bound the form
 * fields and the address to the method's parameters: someone without the role who sent a missing or
 * malformed field (a number that is not one, no file) was told 400 "bad request", or 500 for a form
 * that is not multipart where a file was expected, instead of 403, and learnt what the form expects.
 * This checks the same annotation, method or class, as soon as the controller method is known and
 * before any of its parameters are resolved; {@code @PreAuthorize} is still checked again on the call.
 * The expressions in use name roles only, never the method's arguments, which are not known yet.
 */
@Component
class RoleBeforeFormFields implements WebMvcConfigurer, HandlerInterceptor {

    private final PreAuthorizeAuthorizationManager preAuthorize = new PreAuthorizeAuthorizationManager();

    RoleBeforeFormFields(RoleHierarchy roleHierarchy) {
        DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
        expressions.setRoleHierarchy(roleHierarchy);
        preAuthorize.setExpressionHandler(expressions);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            Object[] unresolved = new Object[method.getMethodParameters().length];
            AuthorizationResult result = preAuthorize.authorize(SecurityContextHolder.getContext()::getAuthentication,
                    new SimpleMethodInvocation(method.getBean(), method.getMethod(), unresolved));
            if (result != null && !result.isGranted()) {
                throw new AccessDeniedException("Access Denied");
            }
        }
        return true;
    }
}
