package dev.todolist.http;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.reactive.accept.RequestedContentTypeResolverBuilder;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * What a service imports to read and answer JSON like the others. Request bodies are read strictly: valid UTF-8
 * only ({@link StrictUtf8JsonDecoder}); a number or a boolean where a string is expected ({@code "password":
 * 12345678}) is a client's mistake (400), not something to convert silently; a member named twice
 * ({@code {"title":"a","title":"b"}}) is ambiguous: 400 as well, instead of silently keeping the last value. Problem
 * details are written with their extra members ({@code code}, {@code error}) at the top, by the application's codecs
 * ({@link ProblemResponses}). A {@link RequestGuard} on every connection answers what Reactor Netty would refuse with a
 * bare status, with the headers of the application's {@link RequestGuard.RefusalHeaders} bean if it has one. An
 * {@code OPTIONS} answer names {@code Accept-Patch} only where {@code PATCH} is served ({@link OptionsAnswers}). As
 * the service shuts down, its connections close after their answers ({@link ConnectionDrain}). An answer's type is
 * negotiated by the types a client accepts, not by their parameters ({@link AcceptedMediaTypes}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimitsProperties.class)
@Import(ServerPortHealth.class)
public class HttpSupportConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictTextualFields() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> {
            config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        });
    }

    @Bean
    JsonMapperBuilderCustomizer noDuplicateMembers() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @Bean
    JsonMapperBuilderCustomizer flatProblemDetails() {
        return builder -> builder.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
    }

    /** After Boot's own Jackson codec customizer (order 0), whose decoder it replaces. */
    @Bean
    @Order(1)
    CodecCustomizer strictUtf8Json(JsonMapper jsonMapper) {
        return configurer -> configurer.defaultCodecs().jacksonJsonDecoder(new StrictUtf8JsonDecoder(jsonMapper));
    }

    /** The application's codecs; in a context without a web server (a test of the service layer), default ones. */
    @Bean
    ProblemResponses problemResponses(ObjectProvider<ServerCodecConfigurer> codecs,
            ObjectProvider<ProblemResponses.Listener> listener) {
        return new ProblemResponses(codecs.getIfAvailable(ServerCodecConfigurer::create),
                listener.getIfAvailable(() -> ProblemResponses.Listener.NONE));
    }

    /** Content negotiation by the type a client accepts, never by that type's parameters ({@link AcceptedMediaTypes}). */
    @Bean
    WebFluxConfigurer acceptedTypesWithoutParameters() {
        return new WebFluxConfigurer() {
            @Override
            public void configureContentTypeResolver(RequestedContentTypeResolverBuilder builder) {
                builder.resolver(new AcceptedMediaTypes());
            }
        };
    }

    @Bean
    OptionsAnswers optionsAnswers() {
        return new OptionsAnswers();
    }

    @Bean
    ConnectionDrain connectionDrain() {
        return new ConnectionDrain();
    }

    @Bean
    NettyServerCustomizer requestGuard(JsonMapper jsonMapper, RequestLimitsProperties limits,
            ObjectProvider<RequestGuard.RefusalHeaders> refusalHeaders, ObjectProvider<RequestGuard.Refusals> refusals,
            ConnectionDrain drain) {
        return RequestGuard.customizer(jsonMapper, limits,
                refusalHeaders.getIfAvailable(() -> RequestGuard.RefusalHeaders.NONE),
                refusals.getIfAvailable(() -> RequestGuard.Refusals.NONE), drain);
    }
}
