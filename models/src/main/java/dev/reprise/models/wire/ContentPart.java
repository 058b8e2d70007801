package dev.reprise.models.wire;

/**
 * One part of a multi-part message: {@code {"type":"text","text":...}} or
 * {@code {"type":"image_url","image_url":{"url":...,"detail":...}}}.
 */
public record ContentPart(String type, String text, ImageUrl imageUrl) {

    public static final String TEXT = "text";
    public static final String IMAGE_URL = "image_url";

    public static ContentPart text(String text) {
        return new ContentPart(TEXT, text, null);
    }

    public static ContentPart image(String url, String detail) {
        return new ContentPart(IMAGE_URL, null, new ImageUrl(url, detail));
    }

    /** An image reference: an https URL or a {@code data:} URL. */
    public record ImageUrl(String url, String detail) {
    }
}
