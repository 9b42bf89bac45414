package dev.mia.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mia.core.data.Box;
import dev.mia.core.data.Layout;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.SourceImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * mia's own, lossless JSONL form of a {@link MultiImageSample}, read back by {@link
 * DatasetReader#readMiaMultiImage} into an equal sample. Field order: {@code id}, {@code images},
 * {@code target_index}, {@code layout}, {@code conversations}, {@code provenance}. The layout is a
 * typed object: {@code {"type":"sequence","image_count":3}}, {@code {"type":"grid","rows":2,
 * "columns":2,"width":976,"height":1056,"tiles":[{"x":40,"y":80,"width":448,"height":448},...]}} or
 * {@code {"type":"pic_in_pic","width":640,"height":480,"inner":{"x":96,"y":72,"width":448,
 * "height":336}}}; each ends with {@code "sources":[{"id":"coco/1.jpg","sha256":"..."},...]}, the
 * image in each place ({@link Layout#sources()}; left out when not recorded, {@code sha256} left
 * out when unknown). The provenance holds {@code "companions":[...]}, the companion images' ids,
 * when there are some. One line:
 *
 * <pre>{@code
 * {"id":"m1","images":[{"path":"a.jpg"},{"path":"b.jpg"}],"target_index":1,"layout":{"type":"sequence","image_count":2},"conversations":[{"from":"human","value":"Image1:<image>\nImage2:<image>\nIn Image2, what is on the table?"},{"from":"gpt","value":"A cup."}],"provenance":{"source_ids":["coco-7","coco-9"],"stages":[]}}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MiaMultiImageCodec implements RecordEncoder<MultiImageSample> {
  /** The codec; it has no settings. */
  public static final MiaMultiImageCodec INSTANCE = new MiaMultiImageCodec();

  private static final RecordDecoder<MultiImageSample> DECODER =
      new RecordDecoder<>() {
        @Override
        public MultiImageSample decode(JsonNode record) {
          return new MultiImageSample(
              JsonFields.id(record),
              MiaJson.readImages(record),
              JsonFields.integer(record, "target_index", ""),
              readLayout(JsonFields.object(record, "layout", "")),
              MiaJson.readTurns(JsonFields.array(record, "conversations", ""), "conversations"),
              MiaJson.readProvenance(record));
        }

        @Override
        public String idOf(MultiImageSample value) {
          return value.id();
        }
      };

  private MiaMultiImageCodec() {}

  static RecordDecoder<MultiImageSample> decoder() {
    return DECODER;
  }

  @Override
  public String id(MultiImageSample sample) {
    return sample.id();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if an image is held in memory
   */
  @Override
  public void encode(MultiImageSample sample, JsonGenerator g) throws IOException {
    MiaJson.requireSaved(sample.images(), "sample", sample.id());
    g.writeStartObject();
    g.writeStringField("id", sample.id());
    g.writeFieldName("images");
    MiaJson.writeImages(g, sample.images(), "sample", sample.id());
    g.writeNumberField("target_index", sample.targetIndex());
    g.writeFieldName("layout");
    writeLayout(g, sample.layout());
    g.writeFieldName("conversations");
    MiaJson.writeTurns(g, sample.conversation());
    g.writeFieldName("provenance");
    MiaJson.writeProvenance(g, sample.provenance());
    g.writeEndObject();
  }

  private static void writeLayout(JsonGenerator g, Layout layout) throws IOException {
    g.writeStartObject();
    if (layout instanceof Layout.Sequence sequence) {
      g.writeStringField("type", "sequence");
      g.writeNumberField("image_count", sequence.imageCount());
    } else if (layout instanceof Layout.Grid grid) {
      g.writeStringField("type", "grid");
      g.writeNumberField("rows", grid.rows());
      g.writeNumberField("columns", grid.columns());
      g.writeNumberField("width", grid.width());
      g.writeNumberField("height", grid.height());
      g.writeArrayFieldStart("tiles");
      for (Box tile : grid.tiles()) {
        writeBox(g, tile);
      }
      g.writeEndArray();
    } else if (layout instanceof Layout.PicInPic picInPic) {
      g.writeStringField("type", "pic_in_pic");
      g.writeNumberField("width", picInPic.width());
      g.writeNumberField("height", picInPic.height());
      g.writeFieldName("inner");
      writeBox(g, picInPic.inner());
    }
    if (!layout.sources().isEmpty()) {
      g.writeArrayFieldStart("sources");
      for (SourceImage source : layout.sources()) {
        g.writeStartObject();
        g.writeStringField("id", source.id());
        if (source.sha256() != null) {
          g.writeStringField("sha256", source.sha256());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static List<SourceImage> readSources(JsonNode layout) {
    if (!layout.has("sources")) {
      return List.of();
    }
    JsonNode array = JsonFields.array(layout, "sources", "layout.");
    List<SourceImage> sources = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "layout.sources[" + i + "]";
      JsonNode source = JsonFields.asObject(array.get(i), at);
      JsonNode sha256 = source.get("sha256");
      try {
        sources.add(
            new SourceImage(
                JsonFields.text(source, "id", at + "."),
                sha256 == null ? null : JsonFields.asText(sha256, at + ".sha256")));
      } catch (IllegalArgumentException e) {
        throw new ShapeException("field '" + at + "': " + e.getMessage());
      }
    }
    return sources;
  }

  private static void writeBox(JsonGenerator g, Box box) throws IOException {
    g.writeStartObject();
    g.writeNumberField("x", box.x());
    g.writeNumberField("y", box.y());
    g.writeNumberField("width", box.width());
    g.writeNumberField("height", box.height());
    g.writeEndObject();
  }

  private static Layout readLayout(JsonNode layout) {
    String type = JsonFields.text(layout, "type", "layout.");
    switch (type) {
      case "sequence":
        return new Layout.Sequence(
            JsonFields.integer(layout, "image_count", "layout."), readSources(layout));
      case "grid":
        JsonNode tileArray = JsonFields.array(layout, "tiles", "layout.");
        List<Box> tiles = new ArrayList<>(tileArray.size());
        for (int i = 0; i < tileArray.size(); i++) {
          String at = "layout.tiles[" + i + "]";
          tiles.add(readBox(JsonFields.asObject(tileArray.get(i), at), at + "."));
        }
        return new Layout.Grid(
            JsonFields.integer(layout, "rows", "layout."),
            JsonFields.integer(layout, "columns", "layout."),
            JsonFields.integer(layout, "width", "layout."),
            JsonFields.integer(layout, "height", "layout."),
            tiles,
            readSources(layout));
      case "pic_in_pic":
        return new Layout.PicInPic(
            JsonFields.integer(layout, "width", "layout."),
            JsonFields.integer(layout, "height", "layout."),
            readBox(JsonFields.object(layout, "inner", "layout."), "layout.inner."),
            readSources(layout));
      default:
        throw new ShapeException(
            "field 'layout.type' must be one of sequence, grid, pic_in_pic, but is: " + type);
    }
  }

  private static Box readBox(JsonNode box, String path) {
    return new Box(
        JsonFields.integer(box, "x", path),
        JsonFields.integer(box, "y", path),
        JsonFields.integer(box, "width", path),
        JsonFields.integer(box, "height", path));
  }

  @Override
  public String toString() {
    return "MiaMultiImageCodec";
  }
}
