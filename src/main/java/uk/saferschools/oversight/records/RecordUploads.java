package uk.saferschools.oversight.records;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.saferschools.oversight.web.DatabaseTrouble;

/**
 * The records page's upload, read as a stream against the import limit ({@code OVERSIGHT_MAX_IMPORT_SIZE},
 * 1 GB by default) straight into a temporary file. Every other multipart body is parsed by the server
 * against the far smaller paper limit, so nothing before the controller may read this one: this filter
 * hides its form fields from everything in between (the server would otherwise parse the body, against
 * the wrong limit, the moment anything asked for a form field). Spring Security's CSRF check then finds
 * the token in the form's address, where the upload form puts it (as Spring Security's reference advises
 * for multipart uploads), and the body is read once, by {@link #receive}.
 */
@Component
class RecordUploads extends OncePerRequestFilter implements Ordered {

    static final String PATH = "/records/imports";
    /** Room for the form fields beside the file (the CSRF token, the quarantine box, part headers). */
    static final long FORM_ALLOWANCE = 64 * 1024;
    private static final int FIELD_LIMIT = 1024;

    private static final Logger log = LoggerFactory.getLogger(RecordUploads.class);

    private final RecordsProperties properties;

    RecordUploads(RecordsProperties properties) {
        this.properties = properties;
    }

    /** After the refusal of anonymous multipart bodies, before Spring Security (-100). */
    @Override
    public int getOrder() {
        return -105;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int parameters = path.indexOf(';');
        path = parameters < 0 ? path : path.substring(0, parameters);
        String type = request.getContentType();
        return !("POST".equals(request.getMethod()) && PATH.equals(path) && type != null
                && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new BodyLeftUnread(request), response);
    }

    /** What an upload held: the file (in a temporary file the caller takes over), or why there is none. */
    record Received(Path file, String name, boolean quarantineInvalid, String problem) {
    }

    /** Reads the upload from the request's body, as a stream; never more than the import limit of file. */
    Received receive(HttpServletRequest request) throws IOException {
        long limit = properties.maxFileSize().toBytes();
        String type = request.getContentType();
        if (type == null || !type.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            // A post that is not a form with a file (no script of ours sends one) holds no file to import
            return new Received(null, null, false, "Select a CSV file to import");
        }
        if (request.getContentLengthLong() > limit + FORM_ALLOWANCE) {
            return new Received(null, null, false, tooLarge(limit));
        }
        JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload = new JakartaServletFileUpload<>();
        upload.setMaxSize(limit + FORM_ALLOWANCE);
        upload.setMaxFileCount(10);
        Path file = null;
        String name = null;
        boolean quarantine = false;
        boolean kept = false;
        try {
            FileItemInputIterator items = upload.getItemIterator(request);
            while (items.hasNext()) {
                FileItemInput item = items.next();
                try (InputStream in = item.getInputStream()) {
                    if (item.isFormField()) {
                        String value = new String(in.readNBytes(FIELD_LIMIT), StandardCharsets.UTF_8);
                        quarantine |= "quarantineInvalid".equals(item.getFieldName()) && "true".equals(value);
                    } else if ("file".equals(item.getFieldName()) && file == null) {
                        name = item.getName();
                        Files.createDirectories(properties.uploadDirectory());
                        file = Files.createTempFile(properties.uploadDirectory(), "oversight-upload-", ".csv");
                        if (!copyAtMost(in, file, limit)) {
                            return new Received(null, null, false, tooLarge(limit));
                        }
                    }
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            if (file == null || ((name == null || name.isBlank()) && Files.size(file) == 0)) {
                return new Received(null, null, false, "Select a CSV file to import");
            }
            String label = name == null ? "" : baseName(name);
            kept = true;
            return new Received(file, label.isBlank() ? "upload.csv" : label, quarantine, null);
        } catch (FileUploadSizeException e) {
            return new Received(null, null, false, tooLarge(limit));
        } catch (FileUploadException e) {
            return new Received(null, null, false, "The upload could not be read: try again");
        } catch (IOException e) {
            if (DatabaseTrouble.isDiskFull(e)) {
                log.warn("An upload of {} was refused: the disk of {} is full", name, properties.uploadDirectory());
                return new Received(null, null, false, "The server's disk is full, so " + (name == null || name.isBlank()
                        ? "the file" : baseName(name)) + " was not saved and nothing was imported. Try again later, or "
                        + "tell the administrator.");
            }
            throw e;
        } finally {
            if (file != null && !kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String baseName(String name) {
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    private static String tooLarge(long limit) {
        return "The file is larger than " + (limit >= 1_000_000 ? limit / 1_000_000 + " MB" : limit + " bytes")
                + ", the largest file that may be imported (OVERSIGHT_MAX_IMPORT_SIZE)";
    }

    /** Copies the stream to the file; false, having stopped reading, once it holds more than {@code limit} bytes. */
    static boolean copyAtMost(InputStream in, Path file, long limit) throws IOException {
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                copied += n;
                if (copied > limit) {
                    return false;
                }
                out.write(buffer, 0, n);
            }
        }
        return true;
    }

    /**
     * The upload request as everything before the controller sees it: form fields only from the address
     * (the query string), and no parts, so that nothing makes the server read the body.
     */
    static final class BodyLeftUnread extends HttpServletRequestWrapper {
        private final Map<String, String[]> query;

        BodyLeftUnread(HttpServletRequest request) {
            super(request);
            Map<String, List<String>> values = new LinkedHashMap<>();
            String text = request.getQueryString();
            if (text != null) {
                for (String pair : text.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int equals = pair.indexOf('=');
                    String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                }
            }
            Map<String, String[]> arrays = new LinkedHashMap<>();
            values.forEach((k, v) -> arrays.put(k, v.toArray(String[]::new)));
            this.query = Collections.unmodifiableMap(arrays);
        }

        @Override
        public String getParameter(String name) {
            String[] values = query.get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return query;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(query.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = query.get(name);
            return values == null ? null : values.clone();
        }

        @Override
        public Collection<Part> getParts() {
            return List.of();
        }

        @Override
        public Part getPart(String name) {
            return null;
        }
    }
}
