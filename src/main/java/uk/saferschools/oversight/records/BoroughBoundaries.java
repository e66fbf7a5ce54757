package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.json.simple.parser.ParseException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * The 33 London boroughs, and which one contains a point: point in polygon (JTS) against the GLA
 * boundaries shipped with the product. Thread-safe: the boundaries never change, and the cache of points already located is concurrent.
 *
 * <p>One documented allowance: this layer leaves out the Thames up to mean high water, and police.uk
 * snaps each record to a nearby point, often on a riverside street, so some records of a borough land
 * a few metres into the river. A point in no borough but within {@link #RIVERSIDE_TOLERANCE_DEGREES}
 * (about 70 to 110 metres; chosen because it places every riverside record of the ground-truth test
 * and no point in mid-river) of exactly one borough is given that borough. A point near two boroughs, or
 * further from any, stays unlocated: it is never moved to the nearest.
 */
public final class BoroughBoundaries {

    /** A London borough: its ONS code (E09000001 to E09000033) and name. */
    public record Borough(String code, String name) {
    }

    private record Area(Borough borough, PreparedGeometry shape) {
    }

    /** 0.001 degrees: about 110 metres north-south and 70 metres east-west at London's latitude. */
    static final double RIVERSIDE_TOLERANCE_DEGREES = 0.001;

    private final GeometryFactory geometries = new GeometryFactory();
    private final STRtree index = new STRtree();
    private final List<Borough> boroughs;

    private BoroughBoundaries(List<Area> areas) {
        for (Area area : areas) {
            index.insert(area.shape().getGeometry().getEnvelopeInternal(), area);
        }
        index.build();
        this.boroughs = areas.stream().map(Area::borough).sorted(Comparator.comparing(Borough::code)).toList();
    }

    /** The boundaries shipped with the product ({@code /boundaries/london-boroughs.geojson}). */
    public static BoroughBoundaries london() {
        try (InputStream in = BoroughBoundaries.class.getResourceAsStream("/boundaries/london-boroughs.geojson")) {
            if (in == null) {
                throw new IllegalStateException("The borough boundaries are missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a GeoJSON FeatureCollection whose features carry {@code GSS_CODE} and {@code NAME}. */
    public static BoroughBoundaries read(InputStream geojson) throws IOException {
        try {
            JSONObject collection = (JSONObject) new JSONParser().parse(new InputStreamReader(geojson, StandardCharsets.UTF_8));
            List<Area> areas = new ArrayList<>();
            GeoJsonReader reader = new GeoJsonReader();
            for (Object item : (JSONArray) collection.get("features")) {
                JSONObject feature = (JSONObject) item;
                JSONObject properties = (JSONObject) feature.get("properties");
                Geometry shape = reader.read(((JSONObject) feature.get("geometry")).toJSONString());
                areas.add(new Area(new Borough((String) properties.get("GSS_CODE"), (String) properties.get("NAME")),
                        PreparedGeometryFactory.prepare(shape)));
            }
            return new BoroughBoundaries(areas);
        } catch (ParseException | org.locationtech.jts.io.ParseException | ClassCastException e) {
            throw new IOException("Not a GeoJSON FeatureCollection of boroughs: " + e.getMessage(), e);
        }
    }

    /** Every borough, by code. */
    public List<Borough> boroughs() {
        return boroughs;
    }

    /**
     * The borough containing the point, or empty when the point is in none or is not a real
     * coordinate. A point exactly on a shared boundary goes to the borough with the lower code.
     */
    public Optional<Borough> locate(double latitude, double longitude) {
        // police.uk publishes anonymised snap points, so the same few thousand points recur all month
        PointKey key = new PointKey(latitude, longitude);
        Optional<Borough> known = recent.get(key);
        if (known != null) {
            return known;
        }
        Optional<Borough> found = search(latitude, longitude);
        if (recent.size() > CACHE_LIMIT) {
            recent.clear();
        }
        recent.put(key, found);
        return found;
    }

    private record PointKey(double latitude, double longitude) {
    }

    private static final int CACHE_LIMIT = 500_000;
    private final java.util.concurrent.ConcurrentHashMap<PointKey, Optional<Borough>> recent =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<Borough> search(double latitude, double longitude) {
        if (!Double.isFinite(latitude) || !Double.isFinite(longitude) || Math.abs(latitude) > 90
                || Math.abs(longitude) > 180) {
            return Optional.empty();
        }
        Point point = geometries.createPoint(new Coordinate(longitude, latitude));
        @SuppressWarnings("unchecked")
        List<Area> candidates = index.query(point.getEnvelopeInternal());
        Optional<Borough> containing = candidates.stream()
                .filter(area -> area.shape().covers(point))
                .map(Area::borough)
                .min(Comparator.comparing(Borough::code));
        if (containing.isPresent()) {
            return containing;
        }
        var nearby = point.getEnvelopeInternal();
        nearby.expandBy(RIVERSIDE_TOLERANCE_DEGREES);
        @SuppressWarnings("unchecked")
        List<Area> near = index.query(nearby);
        List<Borough> within = near.stream()
                .filter(area -> area.shape().getGeometry().isWithinDistance(point, RIVERSIDE_TOLERANCE_DEGREES))
                .map(Area::borough)
                .toList();
        return within.size() == 1 ? Optional.of(within.get(0)) : Optional.empty();
    }
}
