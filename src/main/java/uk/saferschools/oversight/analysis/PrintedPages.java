package uk.saferschools.oversight.analysis;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** A report or publication (HTML with inline SVG charts) printed as PDF, by openhtmltopdf with Batik for the SVG. */
public final class PrintedPages {

    private PrintedPages() {
    }

    /** Prints {@code html} to {@code out}; relative links and images resolve against {@code baseUri}. */
    public static void print(String html, String baseUri, OutputStream out) throws IOException {
        Document document = Jsoup.parse(html);
        document.outputSettings().syntax(Document.OutputSettings.Syntax.xml).charset("UTF-8");
        XRLog.setLoggingEnabled(false);
        new PdfRendererBuilder().useFastMode().useSVGDrawer(new BatikSVGDrawer())
                .withHtmlContent(document.html(), baseUri).toStream(out).run();
    }

    /** The same, as bytes. */
    public static byte[] print(String html, String baseUri) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            print(html, baseUri, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
