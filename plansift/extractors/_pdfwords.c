/* The per-character loop of plansift.extractors.pdf_geometry._pdfium_words, in C.
 *
 * Reading a PDF page's words means asking pdfium for every character's box: through ctypes that is a
 * Python-level call per character, about a third of the whole PDF read. This module runs the same loop
 * with pdfium's functions called directly; pdf_geometry passes their addresses (from pypdfium2's own
 * binding, so no second copy of pdfium is loaded) and turns the tuples returned into word dicts.
 *
 * It must give exactly what the Python loop gives: the same comparisons in the same order, in double
 * precision, rounding with Python's own round(). The Python loop stays as the reference and the fallback
 * (no compiler at install time, rotated pages), and the tests compare the two on every PDF they have.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

typedef struct {
    float left, top, right, bottom;
} rectf;

typedef int (*box_fn)(void *, int, rectf *);
typedef float (*angle_fn)(void *, int);
typedef void *(*object_fn)(void *, int);
typedef double (*size_fn)(void *, int);
typedef int (*weight_fn)(void *, int);
typedef unsigned long (*info_fn)(void *, int, void *, unsigned long, int *);

#define NAME_BUFFER 128

static PyObject *round_function = NULL;

/* Python's round(x, 1), so that a size reads exactly as the Python loop's does. */
static PyObject *round1(double x) { return PyObject_CallFunction(round_function, "di", x, 1); }

static int contains(const char *haystack, const char *needle) { return strstr(haystack, needle) != NULL; }

/* Font size (rounded) and weight of character i: FPDFText_GetFontSize, then bold from the weight, the
 * font's name or its ForceBold flag. ``name`` and ``flags`` persist across the calls of one page, as the
 * ctypes buffer and int of the Python loop do (pdfium leaves them unchanged when a name does not fit). */
static PyObject *char_style(void *tp, int i, size_fn font_size, weight_fn font_weight, info_fn font_info,
                            char *name, int *flags, long force_bold) {
    PyObject *size = round1(font_size(tp, i));
    if (size == NULL) return NULL;
    int bold = font_weight(tp, i) >= 600;
    if (!bold) {
        char lower[NAME_BUFFER + 1];
        font_info(tp, i, name, NAME_BUFFER, flags);
        size_t k = 0;
        for (; k < NAME_BUFFER && name[k]; k++) {
            char c = name[k];
            lower[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        lower[k] = '\0';
        bold = contains(lower, "bold") || contains(lower, "black") || (*flags & force_bold) != 0;
    }
    return Py_BuildValue("(NO)", size, bold ? Py_True : Py_False);
}

typedef struct {
    int first, last;
    PyObject *holes; /* list of int, or NULL */
    double x0, x1, top, bottom;
    PyObject *size; /* float */
    int bold;
} word;

static int emit(PyObject *out, word *w) {
    PyObject *holes = w->holes ? w->holes : Py_None;
    PyObject *item = Py_BuildValue("(iiOddddOO)", w->first, w->last, holes, w->x0, w->x1, w->top, w->bottom,
                                   w->size, w->bold ? Py_True : Py_False);
    Py_CLEAR(w->holes);
    Py_CLEAR(w->size);
    if (item == NULL) return -1;
    int failed = PyList_Append(out, item);
    Py_DECREF(item);
    return failed;
}

static PyObject *words(PyObject *Py_UNUSED(self), PyObject *args) {
    unsigned long long tp_address, box_address, angle_address, object_address, size_address, weight_address,
        info_address;
    PyObject *runs;
    double ox, oy, rotation, word_gap, rotated_sin, loose_box_ratio;
    long force_bold;
    if (!PyArg_ParseTuple(args, "K(KKKKKK)O!ddddddl", &tp_address, &box_address, &angle_address, &object_address,
                          &size_address, &weight_address, &info_address, &PyList_Type, &runs, &ox, &oy, &rotation,
                          &word_gap, &rotated_sin, &loose_box_ratio, &force_bold))
        return NULL;
    void *tp = (void *)(uintptr_t)tp_address;
    box_fn get_box = (box_fn)(uintptr_t)box_address;
    angle_fn char_angle = (angle_fn)(uintptr_t)angle_address;
    object_fn object_of = object_address ? (object_fn)(uintptr_t)object_address : NULL;
    size_fn font_size = (size_fn)(uintptr_t)size_address;
    weight_fn font_weight = (weight_fn)(uintptr_t)weight_address;
    info_fn font_info = (info_fn)(uintptr_t)info_address;

    Py_ssize_t n_bounds = PyList_GET_SIZE(runs);
    PyObject *out = PyList_New(0);
    PyObject *styles = PyDict_New(); /* text object address -> (size, bold) */
    if (out == NULL || styles == NULL) goto fail;
    char name[NAME_BUFFER + 1];
    memset(name, 0, sizeof name);
    int flags = 0;
    rectf rect;
    word cur = {0};
    for (Py_ssize_t r = 0; r + 1 < n_bounds; r += 2) {
        long start = PyLong_AsLong(PyList_GET_ITEM(runs, r)), end = PyLong_AsLong(PyList_GET_ITEM(runs, r + 1));
        if (PyErr_Occurred()) goto fail;
        int have = 0;
        double x1_ = 0, top_ = 0, bottom_ = 0, gap_max = 0, gap_min = 0, drift = 0;
        for (int i = (int)start; i < (int)end; i++) {
            if (!get_box(tp, i, &rect)) {
                if (have) {
                    if (cur.holes == NULL && (cur.holes = PyList_New(0)) == NULL) goto fail;
                    PyObject *index = PyLong_FromLong(i);
                    if (index == NULL || PyList_Append(cur.holes, index) < 0) {
                        Py_XDECREF(index);
                        goto fail;
                    }
                    Py_DECREF(index);
                }
                continue;
            }
            double x0 = (double)rect.left - ox, x1 = (double)rect.right - ox;
            double top = oy - (double)rect.top, bottom = oy - (double)rect.bottom;
            if (have) {
                double gap = x0 - x1_;
                if (gap > gap_max || gap < gap_min || fabs(top - top_) > drift) {
                    cur.x1 = x1_, cur.top = top_, cur.bottom = bottom_;
                    have = 0;
                    if (emit(out, &cur) < 0) goto fail;
                } else {
                    cur.last = i;
                    if (x1 > x1_) x1_ = x1;
                    if (top < top_) top_ = top;
                    if (bottom > bottom_) bottom_ = bottom;
                    continue;
                }
            }
            if (fabs(sin((double)char_angle(tp, i) + rotation)) > rotated_sin) continue;
            void *object = object_of ? object_of(tp, i) : NULL;
            PyObject *style = NULL, *key = NULL;
            if (object) {
                key = PyLong_FromVoidPtr(object);
                if (key == NULL) goto fail;
                style = PyDict_GetItemWithError(styles, key); /* borrowed */
                Py_XINCREF(style);
                if (style == NULL && PyErr_Occurred()) {
                    Py_DECREF(key);
                    goto fail;
                }
            }
            if (style == NULL) {
                style = char_style(tp, i, font_size, font_weight, font_info, name, &flags, force_bold);
                if (style == NULL || (key && PyDict_SetItem(styles, key, style) < 0)) {
                    Py_XDECREF(style);
                    Py_XDECREF(key);
                    goto fail;
                }
            }
            Py_XDECREF(key);
            PyObject *size_ = PyTuple_GET_ITEM(style, 0);
            int bold = PyTuple_GET_ITEM(style, 1) == Py_True;
            Py_INCREF(size_);
            Py_DECREF(style);
            double size_value = PyFloat_AsDouble(size_);
            if (size_value < 0.6 * (bottom - top)) { /* a font scaled by the text matrix reports size 1 */
                Py_DECREF(size_);
                if ((size_ = round1((bottom - top) / loose_box_ratio)) == NULL) goto fail;
                size_value = PyFloat_AsDouble(size_);
            }
            double size = 4.0 > size_value ? 4.0 : size_value; /* max(size_, 4.0) as Python has it, NaN kept */
            gap_max = word_gap * size, gap_min = -size, drift = 0.5 * size;
            cur.first = cur.last = i;
            cur.holes = NULL;
            cur.x0 = x0, cur.size = size_, cur.bold = bold;
            x1_ = x1, top_ = top, bottom_ = bottom;
            have = 1;
        }
        if (have) {
            cur.x1 = x1_, cur.top = top_, cur.bottom = bottom_;
            if (emit(out, &cur) < 0) goto fail;
        }
    }
    Py_DECREF(styles);
    return out;
fail:
    Py_CLEAR(cur.holes);
    Py_CLEAR(cur.size);
    Py_XDECREF(styles);
    Py_XDECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"words", words, METH_VARARGS,
     "words(text page address, (box, angle, object, size, weight, info function addresses), runs as [start, end, "
     "...], origin x, origin y, rotation, word gap, rotated sine, loose box ratio, ForceBold flag) -> list of "
     "(first, last, holes or None, x0, x1, top, bottom, size, bold)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_pdfwords",
    .m_doc = "The per-character loop of a PDF page's words, in C (see pdf_geometry).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__pdfwords(void) {
    PyObject *builtins = PyEval_GetBuiltins(); /* borrowed */
    round_function = builtins ? PyDict_GetItemString(builtins, "round") : NULL;
    if (round_function == NULL) {
        PyErr_SetString(PyExc_ImportError, "builtins.round not found");
        return NULL;
    }
    Py_INCREF(round_function);
    return PyModule_Create(&module);
}
