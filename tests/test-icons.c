/* test-icons.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app icons as a store and a shell show them: rendered from the SVG
 * (GdkPixbuf's SVG loader, librsvg), their content must sit in the middle of
 * the canvas, inside the GNOME icon grid, and the store's branding colours
 * must set the icon off.
 */

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#define APP_ID "io.github.smtpprobe.SmtpProbe"

typedef struct
{
  int x0, y0, x1, y1; /* inclusive pixel extents of the visible content */
} Box;

static GdkPixbuf *
render (const char *subdir,
        const char *name,
        int         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "icons", "hicolor", subdir,
                                                 "apps", name, NULL);
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file_at_size (path, size, size, &error);

  /* Without librsvg's loader (Debian's librsvg2-common) there is nothing to measure. */
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, size);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, size);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  return pixbuf;
}

/* A pixel counts as content when it is at least half opaque: the faint edge of an
 * anti-aliased curve would move the box by a fraction of a pixel either way. */
static Box
content_box (GdkPixbuf *pixbuf)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  Box box = { w, h, -1, -1 };

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (pixels[y * stride + x * n + 3] >= 128)
        {
          box.x0 = MIN (box.x0, x);
          box.y0 = MIN (box.y0, y);
          box.x1 = MAX (box.x1, x);
          box.y1 = MAX (box.y1, y);
        }
  g_assert_cmpint (box.x1, >=, 0);
  return box;
}

static void
assert_centred (Box    box,
                int    size,
                double tolerance)
{
  /* Pixel x covers [x, x + 1), so the content's middle is halfway between x0 and x1 + 1. */
  double cx = (box.x0 + box.x1 + 1) / 2.0;
  double cy = (box.y0 + box.y1 + 1) / 2.0;

  g_test_message ("content x %d-%d, y %d-%d of %d: middle (%.1f, %.1f)",
                  box.x0, box.x1, box.y0, box.y1, size, cx, cy);
  g_assert_cmpfloat (fabs (cx - size / 2.0), <=, tolerance);
  g_assert_cmpfloat (fabs (cy - size / 2.0), <=, tolerance);
}

static void
test_app_centred (void)
{
  g_autoptr(GdkPixbuf) pixbuf = render ("scalable", APP_ID ".svg", 128);
  Box box = content_box (pixbuf);

  assert_centred (box, 128, 1.0);
  /* The grid's outer keylines: nothing closer than 8 px to an edge of the 128-px canvas
   * (the widest shape, the landscape rectangle, is 112 px). */
  g_assert_cmpint (box.x0, >=, 8);
  g_assert_cmpint (box.y0, >=, 8);
  g_assert_cmpint (box.x1, <, 120);
  g_assert_cmpint (box.y1, <, 120);
}

static void
test_symbolic_centred (void)
{
  g_autoptr(GdkPixbuf) pixbuf = render ("symbolic", APP_ID "-symbolic.svg", 16);

  /* Drawn on whole pixels, a 16-px icon can be off by half a pixel at most. */
  assert_centred (content_box (pixbuf), 16, 0.5);
}

static double
luminance (guint8 r,
           guint8 g,
           guint8 b)
{
  const guint8 rgb[3] = { r, g, b };
  static const double weights[3] = { 0.2126, 0.7152, 0.0722 };
  double l = 0;

  /* WCAG 2's relative luminance of an sRGB colour. */
  for (int i = 0; i < 3; i++)
    {
      double c = rgb[i] / 255.0;

      c = c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
      l += weights[i] * c;
    }
  return l;
}

static double
contrast (double a,
          double b)
{
  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

static void
test_branding_contrast (void)
{
  g_autoptr(GdkPixbuf) pixbuf = render ("scalable", APP_ID ".svg", 128);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 APP_ID ".metainfo.xml.in", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint schemes = 0;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  g_assert_no_error (error);
  regex = g_regex_new ("<color type=\"primary\" scheme_preference=\"(light|dark)\">"
                       "#([0-9a-fA-F]{6})</color>", 0, 0, &error);
  g_assert_no_error (error);

  for (g_regex_match (regex, xml, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *scheme = g_match_info_fetch (match, 1);
      g_autofree char *hex = g_match_info_fetch (match, 2);
      guint64 rgb = g_ascii_strtoull (hex, NULL, 16);
      double background = luminance (rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
      guint opaque = 0;
      guint distinct = 0;

      /* The banner shows the icon on this colour: most of the icon must stand out from it
       * by at least 3:1, the contrast WCAG asks of graphics. */
      for (int y = 0; y < 128; y++)
        for (int x = 0; x < 128; x++)
          {
            const guint8 *p = pixels + y * stride + x * 4;

            if (p[3] < 128)
              continue;
            opaque++;
            if (contrast (luminance (p[0], p[1], p[2]), background) >= 3.0)
              distinct++;
          }
      g_test_message ("%s #%s: %u of %u icon pixels at 3:1 or more", scheme, hex, distinct,
                      opaque);
      g_assert_cmpuint (distinct * 2, >=, opaque);
      schemes |= g_str_equal (scheme, "light") ? 1 : 2;
    }
  /* One colour for the light style and one for the dark. */
  g_assert_cmpuint (schemes, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/icons/app/centred", test_app_centred);
  g_test_add_func ("/icons/symbolic/centred", test_symbolic_centred);
  g_test_add_func ("/icons/branding/contrast", test_branding_contrast);

  return g_test_run ();
}
