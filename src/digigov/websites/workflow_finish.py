"""settings.WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while its own models load, so this module imports
nothing at the top; the work is `review.publish_after_review`."""


def publish_after_review(workflow_state, user=None):
    from digigov.websites.review import publish_after_review as publish

    return publish(workflow_state, user=user)
