"""Terraform sets every knob of docs/settings.md the way its `production` column says: the deployment's own values
on every function, the tuning knobs from var.function_settings (whose default is the declared production value),
and never a test hook."""

from __future__ import annotations

import re

from jobfeed.knobs import KNOBS
from tests.terraform.terraform_support import Console, TerraformConfig, expr


def _environment(tf: TerraformConfig) -> str:
    return expr(tf.resource("google_cloudfunctions2_function.function")["service_config"][0]["environment_variables"])


def test_every_function_gets_the_tuning_knobs_then_the_deployment_values(tf: TerraformConfig) -> None:
    # merge: later maps win, so function_settings cannot override a bucket or the function's own name.
    environment = _environment(tf)
    assert environment.startswith("merge(var.function_settings, local.deployment_env, {JOBFEED_FUNCTION = each.key")
    assert set(_per_function(tf)) == {"JOBFEED_FUNCTION", *PER_FUNCTION}


# Knobs whose value differs per function (the Portal behind the edge, its reCAPTCHA key): the merge's last map.
PER_FUNCTION = ("JOBFEED_CLIENT_ADDRESS_HOPS", "JOBFEED_RECAPTCHA_SITE_KEY", "JOBFEED_RECAPTCHA_MIN_SCORE")


def _per_function(tf: TerraformConfig) -> list[str]:
    last_map = _environment(tf).split("local.deployment_env,", 1)[1]
    return re.findall(r"\b(JOBFEED_[A-Z0-9_]+)\s*=", last_map)


def test_terraform_sets_every_deployment_knob(tf: TerraformConfig) -> None:
    set_by_terraform = set(tf.locals["deployment_env"]) | set(_per_function(tf)) | set(tf.locals["secret_env_names"]
                                                                                      .values())
    needed = {k.name for k in KNOBS if k.production == "deployment"}
    assert needed - set_by_terraform == set()
    assert set_by_terraform - needed == set(), "list it in functions/common/jobfeed/knobs.py as a deployment knob"


def test_function_settings_default_to_the_declared_production_values(tf: TerraformConfig, console: Console) -> None:
    declared = {k.name: k.default for k in KNOBS if k.production == "tuning"}
    assert tf.variables["function_settings"]["default"] == declared
    assert console.eval("var.function_settings") == declared


def test_no_test_hook_or_local_knob_reaches_production(tf: TerraformConfig) -> None:
    never = {k.name for k in KNOBS if k.production in ("unset", "local")}
    production = set(tf.variables["function_settings"]["default"]) | set(tf.locals["deployment_env"])
    assert never and production & never == set()
