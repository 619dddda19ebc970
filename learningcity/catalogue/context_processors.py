from learningcity.catalogue.permissions import provider_ids_of


def staff(request) -> dict:
    user = getattr(request, "user", None)
    return {"user_is_provider_staff": bool(user and user.is_authenticated and provider_ids_of(user))}
