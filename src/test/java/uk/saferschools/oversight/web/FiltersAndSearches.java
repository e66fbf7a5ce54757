package uk.saferschools.oversight.web;

import java.beans.PropertyDescriptor;
import java.lang.reflect.RecordComponent;
import java.security.Principal;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.BeanUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every filter and search parameter of the running application, found from the application itself:
 * the query parameters each GET handler method binds ({@code @RequestParam}, a simple parameter with no
 * annotation, and each property of a {@code @ModelAttribute} or other object of ours that Spring binds
 * from the query), and the fields of every form that is sent with GET. A parameter added to a
 * controller, or a field to a search form, is found without anyone listing it.
 */
final class FiltersAndSearches {

    private FiltersAndSearches() {
    }

    /** Types Spring fills from the request itself, not from a query parameter. */
    private static final Set<Class<?>> FROM_THE_REQUEST = Set.of(Locale.class, TimeZone.class, ZoneId.class, Principal.class);

    /** Each GET route ({@code GET pattern}, as the role table names it) with the query parameters its handler binds. */
    static Map<String, Set<String>> ofHandlers(ApplicationContext context) {
        Map<String, Set<String>> found = new TreeMap<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().forEach((info, method) -> {
                    if (!info.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
                        return;
                    }
                    Set<String> names = queryParametersOf(method);
                    if (!names.isEmpty()) {
                        for (String pattern : info.getPatternValues()) {
                            found.computeIfAbsent("GET " + pattern, k -> new TreeSet<>()).addAll(names);
                        }
                    }
                }));
        return found;
    }

    /** The query parameters one handler method binds. */
    static Set<String> queryParametersOf(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            Class<?> type = parameter.getParameterType();
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (requestParam != null) {
                if (!Map.class.isAssignableFrom(type)) {
                    // a Map takes every field: those are found from the forms
                    names.add(!requestParam.name().isEmpty() ? requestParam.name() : parameter.getParameterName());
                }
            } else if (parameter.hasParameterAnnotation(ModelAttribute.class)
                    || parameter.getParameterAnnotations().length == 0 && type.getName().startsWith("uk.saferschools.") && !type.isEnum()) {
                names.addAll(propertiesOf(type));
            } else if (parameter.getParameterAnnotations().length == 0 && BeanUtils.isSimpleProperty(type)
                    && FROM_THE_REQUEST.stream().noneMatch(t -> t.isAssignableFrom(type))) {
                // Spring binds a simple parameter without an annotation as a request parameter of its name
                names.add(parameter.getParameterName());
            }
        }
        return names;
    }

    /** What Spring binds of an object: a record's components, or a bean's writable properties. */
    static Set<String> propertiesOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
            }
        } else {
            for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
                if (property.getWriteMethod() != null) {
                    names.add(property.getName());
                }
            }
        }
        return names;
    }

    private static final Pattern GET_FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"?#]*)");
    private static final Pattern FIELD = Pattern.compile("<(?:input|select|textarea)\\b[^>]*\\bname=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    /** The fields of each form of the page sent with GET, by the path the form is sent to. */
    static Map<String, Set<String>> ofForms(String page) {
        Map<String, Set<String>> found = new TreeMap<>();
        Matcher form = GET_FORM.matcher(page);
        while (form.find()) {
            String attributes = form.group(1);
            if (!attributes.toLowerCase(Locale.ROOT).contains("method=\"get\"")) {
                continue;
            }
            Matcher action = ACTION.matcher(attributes);
            if (!action.find()) {
                continue;
            }
            Matcher field = FIELD.matcher(form.group(2));
            Set<String> names = found.computeIfAbsent(action.group(1).replace("&amp;", "&"), k -> new TreeSet<>());
            while (field.find()) {
                if (!"_csrf".equals(field.group(1))) {
                    names.add(field.group(1));
                }
            }
        }
        return found;
    }
}
