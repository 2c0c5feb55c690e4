"""Packaging beyond what pyproject.toml can say: the wheel carries the shipped scenarios and assets.

``scenarios/`` and ``assets/`` sit at the repository root (the project's layout); a regular install
puts copies of them inside the package as ``simulator/_shipped/...``, where simulator/shipped.py
finds them. Everything else is in pyproject.toml.
"""
from setuptools import find_packages, setup

SHIPPED = {"simulator._shipped.scenarios": "scenarios", "simulator._shipped.assets": "assets"}
SHIPPED_FILES = {  # tests/test_packaging.py checks these patterns cover every file in the two folders
    "simulator._shipped.scenarios": ["*.yaml"],
    "simulator._shipped.assets": ["fonts/*", "locale/*", "themes/*"],
}

if __name__ == "__main__":  # run by the build backend; imported by the test
    setup(
        packages=find_packages(include=["simulator", "simulator.*"]) + list(SHIPPED),
        package_dir=SHIPPED,
        package_data=SHIPPED_FILES,
    )
