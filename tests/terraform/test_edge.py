"""The Portal's edge (#18), checked statically: Cloud Armor with rate-based rules on the load balancer's backend,
the load balancer reaching the Portal function through a serverless NEG, and the function's ingress then
admitting only the load balancer; the links and the client address follow the edge."""

from __future__ import annotations

from tests.terraform.terraform_support import TerraformConfig, expr

EDGE = ("google_compute_security_policy", "google_compute_region_network_endpoint_group",
        "google_compute_backend_service", "google_compute_url_map", "google_compute_managed_ssl_certificate",
        "google_compute_target_https_proxy", "google_compute_global_forwarding_rule")


def test_every_edge_resource_exists_only_with_a_domain(tf: TerraformConfig) -> None:
    for rtype in EDGE:
        (body,) = tf.of_type(rtype).values()
        assert expr(body["count"]) == "local.edge ? 1 : 0", rtype


def test_cloud_armor_rate_limits_per_client_address_and_answers_429(tf: TerraformConfig) -> None:
    rules = tf.resource("google_compute_security_policy.portal")["rule"]
    limited = {rule["action"]: rule["rate_limit_options"][0] for rule in rules if "rate_limit_options" in rule}
    assert set(limited) == {"throttle", "rate_based_ban"}
    for options in limited.values():
        assert options["enforce_on_key"] == "IP" and options["exceed_action"] == "deny(429)"
    registration = next(rule for rule in rules if rule["action"] == "throttle")
    assert "request.path == '/candidates'" in registration["match"][0]["expr"][0]["expression"]
    assert rules[-1]["priority"] == 2147483647 and rules[-1]["action"] == "allow"  # the default rule


def test_the_load_balancer_reaches_the_portal_through_a_serverless_neg_behind_the_policy(tf: TerraformConfig) -> None:
    neg = tf.resource("google_compute_region_network_endpoint_group.portal")
    assert neg["network_endpoint_type"] == "SERVERLESS"
    assert expr(neg["cloud_run"][0]["service"]).startswith("google_cloudfunctions2_function.function[local.portal_key]")
    backend = tf.resource("google_compute_backend_service.portal")
    assert expr(backend["security_policy"]) == "google_compute_security_policy.portal[0].id"
    assert expr(backend["backend"][0]["group"]) == "google_compute_region_network_endpoint_group.portal[0].id"
    assert backend["load_balancing_scheme"] == "EXTERNAL_MANAGED"
    proxy = tf.resource("google_compute_target_https_proxy.portal")
    assert expr(proxy["ssl_certificates"][0]) == "google_compute_managed_ssl_certificate.portal[0].id"
    rule = tf.resource("google_compute_global_forwarding_rule.portal")
    assert rule["port_range"] == "443" and expr(rule["target"]) == "google_compute_target_https_proxy.portal[0].id"


def test_with_the_edge_the_portal_admits_only_the_load_balancer(tf: TerraformConfig) -> None:
    service = tf.resource("google_cloudfunctions2_function.function")["service_config"][0]
    assert expr(service["ingress_settings"]) == (
        'each.value.trigger == "event" || (each.value.public && local.edge) ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_ALL"')
    assert expr(tf.locals["deployment_env"]["JOBFEED_PORTAL_URL"]) == "local.portal_url"
    env = expr(service["environment_variables"])  # merge(..., {per function}): the last map names the Portal's own
    assert 'JOBFEED_CLIENT_ADDRESS_HOPS = each.value.public && local.edge ? "2" : "1"' in " ".join(env.split())
    assert "each.value.public && var.recaptcha_enabled" in env
