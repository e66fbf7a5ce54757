package uk.saferschools.oversight.panel;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A panel form sent with a value the page never offers (an unknown choice, a number that is not one) or
 * without a field it always sends: someone edited the page, or it was out of date. A person gets the
 * service's error page saying so in plain words, with 400; a client that asks for JSON (and not HTML)
 * gets a problem document, as before.
 */
@ControllerAdvice(basePackageClasses = TamperedForms.class)
class TamperedForms {

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    Object unknownValue(MethodArgumentTypeMismatchException e, HttpServletRequest request, HttpServletResponse response) {
        return answer(request, response, "The value sent for “" + e.getName() + "” was not one the form offers. Go back, "
                + "reload the page and choose again.");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    Object missing(MissingServletRequestParameterException e, HttpServletRequest request, HttpServletResponse response) {
        return answer(request, response, "The form was sent without “" + e.getParameterName() + "”, which it always "
                + "includes. Go back, reload the page and try again.");
    }

    private static Object answer(HttpServletRequest request, HttpServletResponse response, String message) {
        if (wantsJson(request.getHeader("Accept"))) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        ModelAndView page = new ModelAndView("error");
        page.setStatus(HttpStatus.BAD_REQUEST);
        page.addObject("status", 400);
        page.addObject("problem", message);
        return page;
    }

    /** Asks for JSON and not for a page: an API client. A browser always accepts text/html. */
    static boolean wantsJson(String accept) {
        return accept != null && accept.contains("json") && !accept.contains("text/html");
    }
}
