from pathlib import Path

from setuptools import setup

setup(
    name="hygeia-xray-demo",
    version="1.0.0",
    description="Research demo weights for Hygeia's xray plugin: DenseNet121 trained on PneumoniaMNIST "
                "(28 px paediatric chest X-rays). Not for diagnosis.",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="CC-BY-4.0",
    packages=["hygeia_xray_demo"],
    package_data={"hygeia_xray_demo": ["model.pt", "labels.json", "MODEL_CARD.md"]},
    include_package_data=False,
    python_requires=">=3.11",
)
