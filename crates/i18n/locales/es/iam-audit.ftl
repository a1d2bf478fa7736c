# Mensajes en español de iam-audit. Las líneas de consola del tool original se conservan tal cual.
# Cada id existe también en locales/en/iam-audit.ftl (un test lo comprueba).

## Líneas de consola
auditing-account = Auditando cuenta: { $name } ({ $id })
account-error = Error en cuenta { $name }: { $reason }
total-keys = Total de Access Keys encontradas: { $count }
no-keys = No se encontraron Access Keys.
report-exported = Reporte exportado: { $path }
events-exported = Reporte de eventos CloudTrail exportado: { $path }
users-exported = Reporte de usuarios exportado: { $path }
credentials-exported = Reporte de claves SSH, certificados de firma y credenciales específicas de servicio exportado: { $path }
errors-exported = Reporte de errores exportado: { $path }
findings-exported = Reporte de hallazgos exportado: { $path }
root-exported = Reporte de cuentas root exportado: { $path }
file-exported = Archivo exportado: { $path }
policies-exported = Políticas de mínimo privilegio sugeridas exportadas ({ $count ->
        [one] 1 usuario
       *[other] { $count } usuarios
    }): { $path }
audit-incomplete = Auditoría incompleta: { $failures ->
        [one] 1 lectura falló
       *[other] { $failures } lecturas fallaron
    } en { $accounts ->
        [one] 1 cuenta
       *[other] { $accounts } cuentas
    }; los datos que faltan están en el reporte de errores (código de salida 2).
account-skipped = Cuenta omitida: { $name } ({ $id }, { $state }): { $reason }
skip-not-active = no está ACTIVE
skip-excluded = excluida con --exclude-accounts
skip-not-selected = no está en --accounts
compliance-line = { $framework }: { $pass } { $pass ->
        [one] cumple
       *[other] cumplen
    }, { $fail } { $fail ->
        [one] falla
       *[other] fallan
    }, { $unknown } { $unknown ->
        [one] desconocido
       *[other] desconocidos
    }, { $not_assessed } sin evaluar
findings-summary = Hallazgos: { $list } ({ $suppressed } { $suppressed ->
        [one] suprimido
       *[other] suprimidos
    })
most-critical = Cuentas con más hallazgos críticos: { $list }
fix-first-heading = Corregir primero (riesgo = severidad × privilegio × exposición; privilegio según las políticas de identidad):
fix-first-root = usuario root
fix-first-line = { $rank }. riesgo { $risk }: { $account } / { $subject } ({ $privilege }): { $rule } { $severity }, { $title }
fail-on = { $count } { $count ->
        [one] hallazgo sin suprimir
       *[other] hallazgos sin suprimir
    } de severidad { $severity } o superior (--fail-on): código de salida 1.
overdue-summary = vencidos: { $list }
fail-on-overdue = { $count } { $count ->
        [one] hallazgo vencido
       *[other] hallazgos vencidos
    } de severidad { $severity } o superior (--fail-on-overdue): código de salida 1.

## Severidades
severity-critical = crítica
severity-high = alta
severity-medium = media
severity-low = baja
severity-info = informativa

## Qué hacer ante una lectura fallida
advice-assume-role-denied = despliegue el rol en la cuenta o corrija su política de confianza (iam-audit doctor lo comprueba)
advice-access-denied = conceda esta acción de lectura al rol de auditoría y revise las SCP (iam-audit policy la lista)
advice-throttling = AWS limitó las llamadas; reintente con menos --iam-rate / --cloudtrail-rate
advice-invalid-credentials = renueve las credenciales (aws sso login) y vuelva a ejecutar
advice-unreachable = compruebe la red, el proxy y AWS_ENDPOINT_URL
advice-timeout = el servicio no respondió a tiempo; vuelva a ejecutar
advice-service-unavailable = error del servicio de AWS; vuelva a ejecutar más tarde
advice-malformed-response = respuesta ilegible; vuelva a ejecutar y, si persiste, informe del fallo
advice-other = revise el mensaje de AWS

## Palabras de las celdas (las palabras de MFA del tool original y N/A no cambian)
word-configured = Configurada
word-not-configured = No configurada
word-never = Nunca
word-never-used = Nunca utilizada
word-unknown = Desconocido
word-no-events = Sin eventos

## doctor
doctor-summary = { $checks } { $checks ->
        [one] comprobación
       *[other] comprobaciones
    }: { $passed } { $passed ->
        [one] correcta
       *[other] correctas
    }, { $warnings } { $warnings ->
        [one] aviso
       *[other] avisos
    }, { $failed } { $failed ->
        [one] fallida
       *[other] fallidas
    }.
doctor-fix = solución: { $remediation }

## Panel HTML
html-title = Auditoría de credenciales IAM
html-caller = ejecutada por
html-generated = terminada
html-complete = Completa
html-incomplete = Incompleta
html-failed = Fallida
html-accounts-audited = Cuentas auditadas
html-accounts-incomplete = Cuentas incompletas
html-users = usuarios
html-keys = keys
html-keys-active-total = Keys activas / todas
html-charts = Resumen
html-chart-key-age = Antigüedad de las keys activas (días)
html-chart-last-use = Días desde el último uso de una key
html-chart-by-account = Hallazgos por severidad y cuenta
html-never = nunca
html-findings = Hallazgos
html-filter-placeholder = Filtrar hallazgos…
html-minimum-severity = Severidad mínima
html-all-severities = Todas las severidades
html-show-suppressed = Mostrar suprimidos
html-all-ous = Todas las OU
html-all-owners = Todos los responsables
html-no-owner = (sin responsable)
html-overdue = vencido
html-overdue-only = Solo vencidos
html-due = vence
html-trend = Tendencia (últimas 26 ejecuciones)
html-trend-explained = Hallazgos sin suprimir por ejecución y severidad; un punto hueco es una ejecución que no pudo leerlo todo, así que una bajada ahí no es un avance.
html-suppressed = Suprimido
html-severity-column = Severidad
html-rule = Regla
html-account = Cuenta
html-accounts = Cuentas
html-resource = Recurso
html-finding-title = Hallazgo
html-evidence = Evidencia
html-remediation = Remediación
html-user = Usuario
html-access-key = Access key
html-status = Estado
html-age-days = Antigüedad (días)
html-last-used = Último uso
html-password = Contraseña
html-timeline = Eventos de ciclo de vida IAM (CloudTrail)
html-time = Hora
html-event = Evento
html-resources = Recursos
html-source = Origen
html-footer = auditoría de solo lectura; este archivo no carga nada de la red
html-since = Desde el { $date }
html-new = Nuevos
html-resolved = Resueltos
html-open = Siguen abiertos
html-root-user = usuario root
html-unknown = Sin juzgar (no se pudo leer esta vez)
html-settings-changed = Desaparecidos al cambiar los umbrales (no resueltos)
html-changes = Cambios en credenciales y cuentas
html-first-seen = Visto por primera vez
html-change = Cambio
html-detail = Detalle
html-since-none = Nada cambió desde la línea base.
html-fix-first = Corregir primero
html-fix-first-explained = Las diez credenciales de más riesgo, cada una con su hallazgo de más riesgo. Riesgo (0–100) = severidad × privilegio del usuario de la credencial × su exposición (activa, antigüedad, tiempo sin uso, MFA). El privilegio se juzga solo por las políticas basadas en identidad: no se evalúan las SCP, las políticas basadas en recursos ni las de sesión.
html-fix-first-none = Nada que corregir.
html-risk = Riesgo
html-privilege = Privilegio
html-compliance = Cumplimiento
html-compliance-explained = Cada control de cada marco en cada cuenta. CUMPLE: leído, y nada lo incumple. FALLA: un hallazgo lo incumple (enlazado). DESCONOCIDO: no se pudo leer lo que necesita — nunca cumple. SIN EVALUAR: fuera de esta herramienta (pase el ratón para ver por qué). Los controles de la organización se juzgan una vez, en la cuenta de administración.
html-status-pass = CUMPLE
html-status-fail = FALLA
html-status-unknown = DESCONOCIDO
html-status-not-assessed = SIN EVALUAR
html-other-credentials = Claves SSH, certificados de firma y credenciales específicas de servicio
html-kind = Tipo
html-expires = Caduca
html-service = Servicio
html-password-policies = Políticas de contraseñas
html-usage = Lo que cada credencial usa de verdad
html-usage-explained = Servicios concedidos por las políticas de identidad frente a los usados en la ventana de uso (informes de último acceso a servicios de IAM); la política sugerida permite solo lo usado, nunca más de lo que el usuario tiene.
html-services-granted = Servicios concedidos
html-services-used = Servicios usados
html-last-activity = Última actividad
html-suggested-policy = Política sugerida
html-policy-status = Política
html-minimum-length = Longitud mínima
html-character-classes = Caracteres exigidos
html-reuse-prevention = Reutilización impedida
html-max-age = Antigüedad máxima (días)
html-policy-set = definida
html-policy-not-set = ninguna (se aplican los valores por defecto de IAM)

## Títulos y remediaciones de las reglas
rule-key003-title = Access key activa nunca utilizada
rule-key003-remediation = Desactive la key: nada la ha usado nunca. Bórrela 30 días después si nada falla.
rule-drf001-title = El rol de auditoría ya no es como debe ser
rule-drf001-remediation = Restaure el rol (repare la landing zone o vuelva a desplegar la plantilla de iam-audit policy) y busque en CloudTrail quién lo cambió.
rule-pol001-title = Política administrada por el cliente con privilegios administrativos completos adjunta
rule-pol001-remediation = Sustitúyala por una política de mínimo privilegio (o por AdministratorAccess de AWS donde el acceso total esté revisado como tal), y después desvincúlela y bórrela.
rule-pol002-title = El usuario tiene políticas propias en vez de permisos a través de grupos
rule-pol002-remediation = Conceda los permisos a través de un grupo y quite las políticas propias del usuario.
rule-prv001-title = Administrador sin MFA
rule-prv001-remediation = Registre una llave de seguridad FIDO para el administrador y exija MFA en sus políticas.
rule-prv002-title = Administrador (o usuario que puede llegar a serlo) con una access key activa
rule-prv002-remediation = Desactive la key ya y bórrela cuando nada falle; dé un rol a la automatización.
rule-prv003-title = El usuario puede escalar a administrador
rule-prv003-remediation = Quite las acciones de escalada (o acótelas), o limite al usuario con un permissions boundary.
rule-bdr001-title = API key de Amazon Bedrock sin caducidad o con vida de más de 90 días
rule-bdr001-remediation = Pase el cliente a API keys de Bedrock de corta duración o a un rol y borre la key; una key de larga duración imprescindible se vuelve a crear con una caducidad de 30 días o menos.
rule-bdr002-title = API key de Amazon Bedrock caducada sin borrar
rule-bdr002-remediation = Borre la key caducada.
rule-crt001-title = Certificado de firma activo sin rotar en 90 días
rule-crt001-remediation = Borre el certificado si nada lo usa (lo habitual) o sustitúyalo por uno nuevo.
rule-crt002-title = Certificado de firma caducado pero todavía activo
rule-crt002-remediation = Borre el certificado: caducó y nadie lo sustituyó.
rule-key006-title = Access key de un usuario de consola nunca utilizada (creada con el usuario)
rule-key006-remediation = Desactive la key (nada la ha usado) y bórrela 30 días después; dé a esa persona IAM Identity Center o credenciales de CLI de corta duración.
rule-mfa001-title = Todos los dispositivos MFA del usuario son virtuales
rule-mfa001-remediation = Registre una llave de seguridad FIDO para el usuario (resistente al phishing) y retire después el dispositivo virtual si ya no lo quiere.
rule-org001-title = La organización no gestiona las credenciales root de forma centralizada
rule-org001-remediation = Active la gestión centralizada del acceso root (IAM) desde la cuenta de administración y retire después las credenciales root de las cuentas miembro.
rule-pwp001-title = No hay política de contraseñas
rule-pwp001-remediation = Defina una política de contraseñas: 14 caracteres como mínimo, todas las clases de caracteres, sin reutilizar las últimas 24 contraseñas.
rule-pwp002-title = La política de contraseñas admite contraseñas de menos de 14 caracteres
rule-pwp002-remediation = Fije la longitud mínima de la política en 14 o más.
rule-pwp003-title = La política de contraseñas permite reutilizar contraseñas recientes
rule-pwp003-remediation = Configure la política para impedir reutilizar las últimas 24 contraseñas.
rule-pwp004-title = La política de contraseñas no cumple Security Hub IAM.7
rule-pwp004-remediation = Exija mayúsculas, minúsculas, números y símbolos, y al menos 8 caracteres.
rule-root005-title = El usuario root tiene un certificado de firma
rule-root005-remediation = Borre los certificados de firma del usuario root (como root, o de forma centralizada desde la cuenta de administración con sts:AssumeRoot).
rule-ssc001-title = Credencial específica de servicio activa sin rotar en 90 días
rule-ssc001-remediation = Restablezca la credencial (una contraseña nueva para el mismo id) y actualice sus clientes, o bórrela si nada la usa.
rule-ssh001-title = Clave pública SSH activa sin rotar en 90 días
rule-ssh001-remediation = Suba una clave SSH nueva, pase los clientes a ella y borre la antigua.
rule-key001-title = Access key activa sin rotar en 90 días
rule-key001-remediation = Cree una key nueva, pase la carga de trabajo a ella, y desactive y borre esta.
rule-key002-title = Access key activa sin uso durante 45 días o más
rule-key002-remediation = Desactive la key; bórrela cuando confirme que nada falla.
rule-aud001-title = Auditoría incompleta: no se pudo leer una API
rule-aud001-remediation = Conceda al rol de auditoría el permiso de lectura que le falta (o corrija la causa del mensaje) y vuelva a auditar.
rule-pwd002-title = Contraseña de consola sin uso durante 45 días o más
rule-pwd002-remediation = Elimine la contraseña de consola; vuelva a crearla si el usuario la necesita.
rule-pwd001-title = Contraseña de consola sin MFA
rule-pwd001-remediation = Asigne un dispositivo MFA al usuario, o elimine la contraseña de consola si no la necesita.
rule-key005-title = Access key inactiva presente después de 90 días
rule-key005-remediation = Borre la key inactiva.
rule-key004-title = Usuario con más de una access key activa
rule-key004-remediation = Deje una sola key activa: desactive la más antigua al terminar la rotación.
rule-root001-title = El usuario root tiene access keys
rule-root001-remediation = Borre las access keys del usuario root (como root, o de forma centralizada desde la cuenta de administración con sts:AssumeRoot).
rule-root002-title = El usuario root no tiene MFA
rule-root002-remediation = Asigne un dispositivo MFA al usuario root, o elimine sus credenciales con la gestión centralizada de acceso root.
rule-root003-title = El MFA del usuario root es virtual, no de hardware
rule-root003-remediation = Sustituya el MFA virtual del usuario root por una llave de hardware o FIDO.
rule-root004-title = El usuario root inició sesión o usó una access key recientemente
rule-root004-remediation = Averigüe quién inició sesión como root y por qué; use roles de IAM para el trabajo diario.
rule-sup001-title = Una supresión ha caducado
rule-sup001-remediation = Renueve la fecha de caducidad de la supresión con una nueva justificación, o bórrela.
rule-use001-title = Usuario con credenciales al que se conceden servicios que no usó en la ventana de uso
rule-use001-remediation = Revise la política sugerida para el usuario (solo lo que usó, nunca más de lo que tiene), adjúntela, retire las políticas amplias y consérvelas para poder volver atrás.
rule-use002-title = Usuario con credenciales que no usó ningún servicio en la ventana de uso
rule-use002-remediation = Desactive las access keys del usuario y elimine su contraseña de consola; borre el usuario cuando nada falle.

## Errores de línea de comandos y de configuración
usage-output-dir = --output-dir { $path }: { $error }; elija una carpeta en la que pueda escribir
usage-account-id = { $flag }: `{ $value }` no es un id de cuenta de AWS (12 dígitos, p. ej. 123456789012)
usage-iam-name = { $flag }: `{ $value }` no es válido: use letras, dígitos o +=,.@_-, de { $min } a { $max } de largo
usage-external-id = --external-id: use de 2 a 1224 letras, dígitos o +=,.@:/_-
usage-region = --region: `{ $value }` no es el nombre de una región (p. ej. us-east-1)
usage-rate = { $flag } { $value }: use un número de peticiones por segundo mayor que 0 (0 para sin límite)
usage-profile = --profile { $profile }: no existe ese perfil en { $files } ({ $known }); créelo con `aws configure sso --profile { $profile }` o elija uno existente
usage-profiles-none = no hay perfiles definidos
usage-profiles-known = perfiles existentes: { $names }
usage-config-invalid = --config { $error }
usage-route-environment = --config: una ruta envía a slack:env:{ $variable }, pero la variable de entorno { $variable } no está definida
usage-trend-unreadable = trend { $location }: { $error }
usage-fail-on = --fail-on { $value }: use critical, high, medium, low o info
usage-compliance-unknown = --compliance { $value }: no existe ese marco; use { $known }
usage-s3-uri = `{ $value }` no es una ubicación de S3: use s3://BUCKET/PREFIJO (bucket: 3–63 minúsculas, dígitos, puntos, guiones)
usage-notify = --notify { $value }: use `slack` o `sns:arn:aws:sns:REGIÓN:CUENTA:TEMA`
usage-webhook-missing = --notify slack necesita la URL del webhook: defina { $variable } o indique --slack-webhook-secret ARN (nunca la URL en la línea de comandos)
usage-webhook-invalid = { $variable } no es una URL https:// de webhook
usage-presign-needs-s3 = --presign-hours necesita --output-dir s3://BUCKET/PREFIJO
usage-kms-needs-s3 = --s3-kms-key necesita --output-dir s3://BUCKET/PREFIJO
usage-demo-local = la demo escribe sus reportes localmente: indique una carpeta en --output-dir
usage-report-missing = { $input } { $path }: no existe el archivo
usage-input-unreadable = { $input } { $path }: no se puede leer: { $error }
usage-input-not-utf8 = { $input } { $path }: no es texto UTF-8 (byte inválido tras { $offset })
usage-report-invalid = { $input }: { $error }
usage-incomparable = { $input }: { $error }; use --allow-other-organization para compararlas de todos modos
baseline-unreadable = iam-audit: no se pudo leer la línea base: { $error }; los reportes se escriben sin comparación (código de salida 5)
usage-diff-auto = diff compara dos reportes: indique cada uno como archivo o URI s3:// (`auto` es para --baseline)
usage-shard = --shard { $value }: use K/N con 1 ≤ K ≤ N ≤ 1000 (por ejemplo 2/3)
usage-shard-alone = el reporte de un fragmento se fusiona antes de compararlo o enviarlo: indique --baseline y --notify a `iam-audit merge`
usage-merge = merge: { $error }
usage-unknown-rule = no existe la regla `{ $rule }`; reglas existentes: { $known } (iam-audit rules las lista)

## Errores fatales
fatal-line = iam-audit: { $error } — { $advice }. No se escribió ningún reporte.
fatal-no-credentials = no se encontraron credenciales de AWS (variables de entorno, --profile o AWS_PROFILE, IAM Identity Center, metadatos de instancia)
fatal-advice-no-credentials = indique --profile NOMBRE (tras `aws sso login --profile NOMBRE` con IAM Identity Center) o defina AWS_PROFILE, y vuelva a ejecutar
fatal-sso-expired = la sesión de IAM Identity Center (SSO) del perfil { $profile } ha caducado
fatal-advice-sso-expired = ejecute `aws sso login --profile { $profile }` y vuelva a ejecutar
fatal-advice-credentials = AWS rechazó las credenciales: inicie sesión de nuevo (aws sso login --profile { $profile }) o revise las claves del perfil, y vuelva a ejecutar
fatal-advice-access-denied = ejecute desde la cuenta de administración o un administrador delegado, con organizations:ListAccounts permitido
fatal-region-not-found = no se encontró el endpoint de STS de la región `{ $region }` (no existe esa región, o no hay red)
fatal-advice-region = compruebe --region (por ejemplo us-east-1), la red y el proxy
fatal-advice-unreachable = compruebe la red, el proxy y el endpoint ({ $endpoint }; lo fija AWS_ENDPOINT_URL)
fatal-advice-other = vuelva a ejecutar más tarde
fatal-doctor = iam-audit doctor: { $error } — inicie sesión (aws sso login --profile NOMBRE) o indique --profile, y vuelva a ejecutar.
standalone-account = La cuenta { $account } no pertenece a una AWS Organization: se audita sola, con las credenciales de quien ejecuta
interrupted = iam-audit: interrumpido; se escribe lo leído, marcado como incompleto (otra vez para salir ya)

## Comprobaciones de doctor
doctor-value = { $value }
doctor-call-failed = { $action } falló: { $error }
doctor-call-failed-in = { $action } falló en { $region }: { $error }
doctor-caller-management = quien ejecuta está en la cuenta de administración
doctor-caller-delegated = quien ejecuta es un administrador delegado (cuenta de administración { $management })
doctor-caller-member = quien ejecuta está en una cuenta miembro (cuenta de administración { $management })
doctor-landing-zone = landing zone { $arn }
doctor-no-landing-zone = no hay landing zone de Control Tower: AWSControlTowerExecution solo existe donde Control Tower lo creó
doctor-admin-role = AWSControlTowerExecution tiene AdministratorAccess: mucho más de lo que necesita una auditoría
doctor-own-account = la cuenta de quien ejecuta: se lee con sus propias credenciales
doctor-assumed = asumido { $role }
doctor-iam-works-no-user = iam:ListUsers funciona; no hay usuario con el que probar iam:GetLoginProfile
doctor-iam-works-password = iam:ListUsers funciona; iam:GetLoginProfile sobre { $user }: tiene contraseña de consola
doctor-iam-works-no-password = iam:ListUsers funciona; iam:GetLoginProfile sobre { $user }: sin contraseña de consola
doctor-credentials-work = iam:GetAccountPasswordPolicy e iam:ListServiceSpecificCredentials (todos los usuarios) funcionan; iam:ListSSHPublicKeys e iam:ListSigningCertificates sobre { $user } funcionan
doctor-credentials-work-no-user = iam:GetAccountPasswordPolicy e iam:ListServiceSpecificCredentials (todos los usuarios) funcionan; no hay usuario con el que probar iam:ListSSHPublicKeys e iam:ListSigningCertificates
doctor-last-accessed-works = iam:GenerateServiceLastAccessedDetails e iam:GetServiceLastAccessedDetails funcionan sobre { $user }
doctor-last-accessed-no-user = no hay usuario con el que probar iam:GenerateServiceLastAccessedDetails
doctor-audit-role-as-expected = { $role } es como debe ser (sus permisos y su política de confianza)
doctor-audit-role-drift = { $role } ha cambiado: { $problems }
doctor-fix-audit-role-drift = Restaure el rol (Control Tower: repare la landing zone o vuelva a registrar la OU; un rol propio: vuelva a desplegar la plantilla de `iam-audit policy`) y busque en CloudTrail quién lo cambió.
doctor-cloudtrail-works = cloudtrail:LookupEvents funciona en { $region }
doctor-fix-describe-organization = ejecute desde una cuenta de la organización, con organizations:DescribeOrganization permitido
doctor-fix-list-accounts = ejecute desde la cuenta de administración o un administrador delegado de Organizations
doctor-fix-no-landing-zone = despliegue un rol de auditoría propio en todas las cuentas: iam-audit policy --format cloudformation (una plantilla de StackSet)
doctor-fix-landing-zones-denied = permita controltower:ListLandingZones para comprobarlo; sin Control Tower, despliegue un rol de auditoría propio (iam-audit policy)
doctor-fix-admin-role = despliegue el rol de auditoría de mínimo privilegio que genera `iam-audit policy` y ejecute con --role <su nombre>
doctor-fix-assume-denied = el rol no existe, la cuenta no está inscrita en Control Tower, o la política de confianza del rol no confía en { $caller }: inscriba la cuenta (consola de Control Tower) o despliegue el rol de auditoría (iam-audit policy --format cloudformation) y revise su política de confianza
doctor-fix-denied-action = una SCP o un permiso que falta deniega { $action } tras un AssumeRole correcto: concédalo al rol (iam-audit policy lista cada acción) y revise las SCP de la cuenta y de sus OU
doctor-fix-cloudtrail-unavailable = CloudTrail no está disponible en { $region }: confirme que CloudTrail está activo allí, o indique con --region la región donde está
doctor-fix-generic = revise el mensaje; vuelva a ejecutar

## Barra de progreso
progress = keys { $keys } · errores { $errors }

## Comparación entre ejecuciones y notificaciones
since-line = desde el { $date }: { $new } { $new ->
        [one] nuevo
       *[other] nuevos
    } ({ $critical } { $critical ->
        [one] crítico
       *[other] críticos
    }), { $resolved } { $resolved ->
        [one] resuelto
       *[other] resueltos
    }
since-unknown = , { $unknown } sin juzgar (no se pudo leer su cuenta o su API)
since-settings-changed = , { $changed } { $changed ->
        [one] desaparecido
       *[other] desaparecidos
    } al cambiar los umbrales (no cuentan como resueltos)
notify-title = Auditoría de credenciales IAM: { $organization }
notify-subject = { $title }: { $critical } { $critical ->
        [one] hallazgo crítico
       *[other] hallazgos críticos
    }, { $high } { $high ->
        [one] alto
       *[other] altos
    }
notify-accounts = *Cuentas auditadas:* { $audited } · *sin leer por completo:* { $incomplete }
notify-incomplete = Sin leer por completo: { $accounts }
notify-organization-gap = la lista de cuentas de la organización
notify-complete = Se leyeron todas las cuentas.
notify-findings = *Hallazgos:* { $counts }
notify-top-new = Principales hallazgos nuevos críticos y altos
notify-top = Principales hallazgos críticos y altos
notify-route-title = Auditoría de credenciales IAM: { $organization }, { $route }
notify-route-top-new = Hallazgos nuevos de esta ruta
notify-route-top = Hallazgos de esta ruta
notify-overdue = vencido
notify-button = Abrir el reporte
delivery-kept = iam-audit: falló una entrega (arriba); todos los reportes se conservan en { $folder } (código de salida 4)
delivery-failed = iam-audit: falló una entrega (arriba); los reportes están en la carpeta de salida (código de salida 4)
diff-counts = { $open } { $open ->
        [one] sigue abierto
       *[other] siguen abiertos
    }, { $changes } { $changes ->
        [one] cambio
       *[other] cambios
    } en credenciales y cuentas
fail-on-new = { $count } { $count ->
        [one] hallazgo nuevo sin suprimir
       *[other] hallazgos nuevos sin suprimir
    } de severidad { $severity } o superior desde la línea base (--fail-on-new): código de salida 1.
drift-missing = el rol { $role } no existe
drift-administrator-access-missing = AdministratorAccess no está asociada
drift-also-attached = también tiene asociada { $policy }
drift-cannot-call = no puede llamar a { $actions }
drift-allows-more = permite { $permission } además de las acciones de la auditoría
drift-also-trusts = también confía en { $principal }
drift-not-trusted = no confía en la cuenta de la auditoría { $account }
drift-no-external-id = su política de confianza no exige el external id
drift-unreadable = no se pudo leer: { $policy }
doctor-column-check = COMPROBACIÓN
doctor-column-subject = SUJETO
doctor-column-verdict = VEREDICTO
doctor-column-detail = DETALLE
doctor-verdict-pass = OK
doctor-verdict-warn = AVISO
doctor-verdict-fail = FALLA
reason-not-audited = la cuenta { $account } no se auditó en la ejecución más reciente
reason-listing-incomplete = la lista de cuentas de la ejecución más reciente está incompleta y no incluye { $account }
reason-left-organization = la cuenta { $account } ya no está en la lista de cuentas de la organización
reason-account-unreadable = no se pudo leer la cuenta { $account } en la ejecución más reciente
reason-api-failed = { $api } falló en la ejecución más reciente
reason-api-failed-for = { $api } falló para { $resource } en la ejecución más reciente
reason-no-cloudtrail = CloudTrail no se leyó en la ejecución más reciente (--no-cloudtrail)
reason-shorter-cloudtrail = la ejecución más reciente leyó { $after } días de CloudTrail, la anterior { $before }
reason-no-last-accessed = los informes de último acceso a servicios no se leyeron en la ejecución más reciente (--last-accessed off)
reason-usage-window-changed = la ejecución más reciente juzgó el uso sobre { $after } días, la anterior sobre { $before }
change-replaces = reemplaza a { $key }
merge-empty = no hay ningún fragmento que combinar
merge-mixed-counts = el fragmento { $shard } no pertenece a una división en { $count }
merge-repeated = el fragmento { $shard } se indicó dos veces
merge-missing = faltan los fragmentos { $shards }: hay que combinar todos los fragmentos de la división (también uno fallido)
merge-foreign = el fragmento { $shard } es de otra organización u otro llamante que el fragmento 1
merge-duplicate = la cuenta { $account } está en dos fragmentos
merge-unidentified = el fragmento { $shard } no registra su id de ejecución ni sus opciones: recopile de nuevo todos los fragmentos con este iam-audit y un solo --run-id
merge-mixed-runs = el fragmento { $shard } pertenece a la ejecución { $found }, no a la ejecución { $expected } ({ $reference }): combine los fragmentos de una sola ejecución
merge-mixed-options = el fragmento { $shard } se recopiló con { $option } { $found } y el fragmento { $reference } con { $expected }: todos los fragmentos de una ejecución deben recopilarse con las mismas opciones
usage-not-a-shard = merge: SHARD.json { $path } no es el reporte JSON de un fragmento: { $reason }
not-a-shard-option = no tiene run.options.shard (no se hizo con --shard K/N)
not-a-shard-run = no tiene la ejecución `collected`
since-across-organizations = (entre organizaciones: { $crossing })
audit-interrupted = Auditoría interrumpida: los reportes contienen lo leído y dicen que están incompletos ({ $failures ->
        [one] 1 lectura fallida
       *[other] { $failures } lecturas fallidas
    } o no hechas; código de salida 130).
usage-webhook-secret = --slack-webhook-secret { $value }: no es el ARN de un secreto de Secrets Manager (arn:aws:secretsmanager:REGIÓN:CUENTA:secret:NOMBRE)
doctor-account-resources-work = se pueden leer los certificados de servidor y los analizadores de IAM Access Analyzer de la región principal
rule-srv001-title = Certificado SSL/TLS caducado almacenado en IAM
rule-srv001-remediation = Compruebe que nada usa el certificado y elimínelo de IAM.
rule-pol003-title = AWSCloudShellFullAccess asociada a una identidad
rule-pol003-remediation = Desasocie AWSCloudShellFullAccess; conceda una política de CloudShell más estrecha donde haga falta.
rule-pol004-title = Ningún rol para incidentes con AWS Support (AWSSupportAccess)
rule-pol004-remediation = Cree un rol en el que confíen sus equipos de respuesta a incidentes y asócielo a AWSSupportAccess.
rule-pol005-title = La política de confianza del rol permite que cualquiera lo asuma
rule-pol005-remediation = Indique las cuentas o roles que pueden asumir el rol, o añada una condición sobre su organización.
rule-aan001-title = Ningún analizador de acceso externo de IAM Access Analyzer en la región principal
rule-aan001-remediation = Cree un analizador de acceso externo (tipo ACCOUNT, u ORGANIZATION desde la cuenta de administración).
rule-exp001-title = Access key de un usuario que AWS puso en cuarentena (la key se expuso públicamente)
rule-exp001-remediation = AWS encontró expuesta la key de este usuario y le adjuntó una política de cuarentena: desactive la key ya, cree una nueva para lo que la necesite, averigüe qué hizo la key expuesta (CloudTrail) y solo entonces quite la política.
rule-exp002-title = Access key encontrada por un escáner de secretos (filtrada)
rule-exp002-remediation = En este orden: desactive la key ya; después rótela (una key nueva para lo que la necesite) e investigue qué hizo.
rule-exp003-title = Access key activa usada desde fuera de las redes esperadas
rule-exp003-remediation = Averigüe quién usó la key desde esas direcciones (el comando lista sus eventos): si no fue usted, desactívela ya y rótela; si fue usted, añada la red a [exposure] expected_networks.
remediation-key-deactivate-never = Desactive la key: nada la ha usado nunca. Bórrela pasados { $days ->
        [one] 1 día
       *[other] { $days } días
    } si nada falla.
remediation-key-deactivate-unused = Desactive la key: nada la usa desde { $since }. Bórrela pasados { $days ->
        [one] 1 día
       *[other] { $days } días
    } si nada falla.
remediation-key-rotate-seen = Rote la key donde se usa: cree una nueva, actualice lo que llama desde { $addresses } con { $clients } ({ $events ->
        [one] 1 evento
       *[other] { $events } eventos
    } en CloudTrail), y desactive y borre esta.
remediation-key-rotate = Rote la key donde se usa: cree una nueva, actualice lo que la usa (último uso: { $service } en { $region } el { $date }), y desactive y borre esta.
advice-key-deactivate-never = desactivarla (nunca usada)
advice-key-deactivate-unused = desactivarla (sin uso desde { $since })
advice-key-rotate-seen = rotarla (usada desde { $addresses } con { $clients })
advice-key-rotate = rotarla (último uso { $date }, { $service } en { $region })
advice-key-leaked = desactivarla ya, después rotar e investigar
advice-key-investigate = investigar quién la usó; desactivarla si no fue usted
fix-first-line-advice = { $line } → { $advice }
reason-no-key-activity = la ejecución más reciente no leyó la actividad de las keys (--key-activity-pages 0 o --no-cloudtrail)
reason-fewer-key-activity-pages = la ejecución más reciente leyó { $after } páginas de actividad por key, la anterior { $before }
reason-no-exposed-keys = la ejecución más reciente no leyó ningún archivo de escáner (--exposed-keys)
reason-key-not-named = los archivos de escáner de la ejecución más reciente no nombran { $key }
usage-exposed-keys-invalid = --exposed-keys { $error }
usage-exposed-keys-s3 = --exposed-keys { $path }: los URI s3:// solo se leen en un evento de Lambda (`exposed_keys`); indique un archivo local
usage-exposed-keys-too-large = --exposed-keys { $path }: { $size } bytes; un archivo de escáner se lee entero, hasta { $limit } bytes
usage-exposed-keys-twice = --exposed-keys { $path }: indicado dos veces
exposed-keys-read = Archivo de escáner { $path } ({ $format }): { $ids ->
        [one] 1 id de key
       *[other] { $ids } ids de key
    }, { $dropped ->
        [one] 1 entrada descartada
       *[other] { $dropped } entradas descartadas
    } (no son ids de key de AWS: secretos, otros detectores)
html-exposed-keys = Ids de key filtrados (escáneres de secretos)
html-exposed-keys-explained = Cada id de key que nombran los archivos de escáner, situado en la organización. De esos archivos solo se leen ids de key: sus secretos nunca se guardan ni se muestran.
html-activity = Usada desde (CloudTrail)
html-activity-scope = Actividad de las keys: eventos de administración de la ventana de CloudTrail, en la región del último uso de cada key (LookupEvents por AccessKeyId, dentro del presupuesto de páginas). No se ven los eventos de datos (lecturas de objetos S3) ni otras regiones.
html-activity-partial = hay más sin leer
html-found-in = Encontrada en
