"""Training and evaluation of the xray plugin's demo weights (``python -m plugins.xray.training.train_demo``)."""
