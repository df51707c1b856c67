"""The one compiled part of plansift, optional: the per-character loop of the PDF reader.

Everything else is declared in pyproject.toml. Where no C compiler is found the build prints a warning and
goes on without the extension; plansift then runs the same loop in Python (slower, same words).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "plansift.extractors._pdfwords",
            sources=["plansift/extractors/_pdfwords.c"],
            optional=True,
        )
    ]
)
